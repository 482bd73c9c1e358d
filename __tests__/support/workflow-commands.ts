// What the Actions runner executes of a step's stdout, as actions/runner's ActionCommandManager
// reads it: each line, after leading whitespace, in the `::name props::data` form or the legacy
// `##[name props]data` form; `::stop-commands::TOKEN` turns processing off until a line that is
// exactly `::TOKEN::`. Tests use it to prove that no line of the code under test's output runs.

export interface WorkflowCommand {
  name: string;
  properties: string;
  data: string;
  line: number;
}

export function executedCommands(stdout: string): WorkflowCommand[] {
  const commands: WorkflowCommand[] = [];
  let stopToken: string | undefined;
  stdout.split(/\r?\n/).forEach((raw, index) => {
    if (stopToken !== undefined) {
      if (raw.trim().toLowerCase() === `::${stopToken}::`.toLowerCase()) stopToken = undefined;
      return;
    }
    const command = parse(raw.trimStart());
    if (!command) return;
    if (command.name === 'stop-commands') stopToken = command.data;
    commands.push({ ...command, line: index + 1 });
  });
  return commands;
}

function parse(line: string): Omit<WorkflowCommand, 'line'> | undefined {
  const v2 = /^::([^\s:]+)(?: ([^:]*))?::(.*)$/.exec(line);
  if (v2) return { name: v2[1]!, properties: v2[2] ?? '', data: v2[3]! };
  const v1 = /^##\[([^\s\]]+)(?: ([^\]]*))?\](.*)$/.exec(line);
  if (v1) return { name: v1[1]!, properties: v1[2] ?? '', data: v1[3]! };
  return undefined;
}
