// The tool's version, stamped into QA records; kept in step with package.json by a unit test.
export const VERSION = '0.1.0';
