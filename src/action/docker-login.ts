// Logs the Docker CLI in to the image's registry when credentials are given as inputs;
// the password goes through stdin, never argv.
import { dockerChecked } from '../exec/docker.js';

export async function dockerLogin(registry: string, username: string, password: string): Promise<void> {
  await dockerChecked(['login', registry, '--username', username, '--password-stdin'], { input: password });
}
