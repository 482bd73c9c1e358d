// A failed `compose up` is summarized by the engine's own error line, not compose's last progress
// line. The outputs below are what Compose v2 (2.26) and docker-compose v1 (1.29) print, as captured
// on the test machine for a taken host port, a taken container name and a missing external network.
import { composeUpError, composeUpHint } from '../../src/environment/compose-output.js';

const ID = 'e94f912c67ee5fc6473fc5a0621bcd4fa658b70d311fdbfbe2655bd884a3afab';
const ENDPOINT = '29ac5850ade524b738ab987dc7262f9c64936a8a247ca9ad133122febd124726';

const V2_PORT = ` Container iqa-shop-1a2b3c-pr8-db-1  Creating
 Container iqa-shop-1a2b3c-pr8-db-1  Created
 Container iqa-shop-1a2b3c-pr8-web-1  Starting
 Container iqa-shop-1a2b3c-pr8-db-1  Starting
 Container iqa-shop-1a2b3c-pr8-db-1  Started
Error response from daemon: driver failed programming external connectivity on endpoint iqa-shop-1a2b3c-pr8-web-1 (${ENDPOINT}): Bind for 0.0.0.0:3000 failed: port is already allocated
`;

const V1_PORT = `Creating network "iqa-shop-1a2b3c-pr8_default" with the default driver
Creating iqa-shop-1a2b3c-pr8_db_1 ... \r
Creating iqa-shop-1a2b3c-pr8_web_1 ... \r
Host is already in use by another container
Creating iqa-shop-1a2b3c-pr8_web_1 ... error\r

ERROR: for iqa-shop-1a2b3c-pr8_web_1  Cannot start service web: driver failed programming external connectivity on endpoint iqa-shop-1a2b3c-pr8_web_1 (${ENDPOINT}): Bind for 0.0.0.0:3000 failed: port is already allocated
Creating iqa-shop-1a2b3c-pr8_db_1  ... done\r

ERROR: for web  Cannot start service web: driver failed programming external connectivity on endpoint iqa-shop-1a2b3c-pr8_web_1 (${ENDPOINT}): Bind for 0.0.0.0:3000 failed: port is already allocated
Encountered errors while bringing up the project.
`;

const V2_NAME = ` Network iqa-shop-1a2b3c-pr8_default  Creating
 Network iqa-shop-1a2b3c-pr8_default  Created
 Container orders-db  Creating
Error response from daemon: Conflict. The container name "/orders-db" is already in use by container "${ID}". You have to remove (or rename) that container to be able to reuse that name.
`;

const V1_NAME = `Creating network "iqa-shop-1a2b3c-pr8_default" with the default driver
Creating orders-db ... \r
Creating orders-db ... error\r

ERROR: for orders-db  Cannot create container for service db: Conflict. The container name "/orders-db" is already in use by container "${ID}". You have to remove (or rename) that container to be able to reuse that name.

ERROR: for db  Cannot create container for service db: Conflict. The container name "/orders-db" is already in use by container "${ID}". You have to remove (or rename) that container to be able to reuse that name.
Encountered errors while bringing up the project.
`;

test.each<[string, string, string]>([
  [
    'v2, a taken host port',
    V2_PORT,
    'driver failed programming external connectivity on endpoint iqa-shop-1a2b3c-pr8-web-1 (29ac5850ade5): Bind for 0.0.0.0:3000 failed: port is already allocated',
  ],
  [
    'v1, a taken host port (the service, not the container)',
    V1_PORT,
    'service "web": Cannot start service web: driver failed programming external connectivity on endpoint iqa-shop-1a2b3c-pr8_web_1 (29ac5850ade5): Bind for 0.0.0.0:3000 failed: port is already allocated',
  ],
  [
    'v2, a taken container name',
    V2_NAME,
    'Conflict. The container name "/orders-db" is already in use by container "e94f912c67ee". You have to remove (or rename) that container to be able to reuse that name.',
  ],
  [
    'v1, a taken container name',
    V1_NAME,
    'service "db": Cannot create container for service db: Conflict. The container name "/orders-db" is already in use by container "e94f912c67ee". You have to remove (or rename) that container to be able to reuse that name.',
  ],
  [
    'v2, a missing external network',
    ' Network iqa-shop-1a2b3c-pr8_default  Created\nError response from daemon: network shared not found\n',
    'network shared not found',
  ],
  [
    'v1, a missing external network (printed bare)',
    'Network shared declared as external, but could not be found. Please create the network manually using `docker network create shared` and try again.\n',
    'Network shared declared as external, but could not be found. Please create the network manually using `docker network create shared` and try again.',
  ],
  [
    'colour and cursor escapes',
    '\u001b[1A\u001b[2K Container x-web-1  \u001b[31mError\u001b[0m\n\u001b[31mError response from daemon: boom\u001b[0m\n',
    'boom',
  ],
])('%s: the engine’s line', (_name, output, expected) => {
  expect(composeUpError(output)).toBe(expected);
});

test('only progress lines: none', () => {
  expect(composeUpError(' Container x-web-1  Creating\n Container x-web-1  Error\n')).toBeUndefined();
  expect(composeUpError('')).toBeUndefined();
});

test('hints say what to write instead, for what a compose file can fix', () => {
  expect(composeUpHint(composeUpError(V2_PORT)!)).toMatch(
    /^The fixed host port 3000 in the compose file is taken, .*publish the container port alone \(ports: \["3000"\], not \["3000:3000"\]\)/,
  );
  expect(composeUpHint(composeUpError(V1_PORT)!)).toMatch(
    /^The fixed host port 3000 in the compose file is taken/,
  );
  expect(composeUpHint('listen tcp4 0.0.0.0:8080: bind: address already in use')).toMatch(
    /^The fixed host port 8080 /,
  );
  expect(composeUpHint(composeUpError(V2_NAME)!)).toContain('drop container_name:');
  expect(composeUpHint(composeUpError(V1_NAME)!)).toContain('drop container_name:');
  expect(composeUpHint('network shared not found')).toBe('');
});
