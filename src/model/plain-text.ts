// Text from the code under test (check output, build output, compose logs, report messages) as it
// may be shown anywhere: without terminal escape sequences (colours, cursor moves, window titles,
// hyperlinks) and without the other control characters a terminal acts on (bell, backspace). A line
// redrawn with carriage returns (a progress bar) is what it says last, as a terminal shows it.
import stripAnsi from 'strip-ansi';

// C0 and C1 controls except tab and newline: matching control characters is this regex's job.
// eslint-disable-next-line no-control-regex
const CONTROLS = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g;

export function plainText(text: string): string {
  return stripAnsi(text)
    .replace(/\r+\n/g, '\n')
    .replace(/[^\n\r]*\r+(?=[^\r\n])/g, '')
    .replace(CONTROLS, '');
}
