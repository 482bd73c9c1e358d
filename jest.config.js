// Unit tier: pure logic, no Docker. Integration tests live in *.itg.test.ts (jest.itg.config.js).
export default {
  preset: 'ts-jest/presets/default-esm',
  testEnvironment: 'node',
  extensionsToTreatAsEsm: ['.ts'],
  moduleNameMapper: { '^(\\.{1,2}/.*)\\.js$': '$1' },
  transform: { '^.+\\.ts$': ['ts-jest', { useESM: true }] },
  testMatch: ['<rootDir>/__tests__/**/*.test.ts'],
  testPathIgnorePatterns: ['\\.itg\\.test\\.ts$', '/node_modules/'],
  modulePathIgnorePatterns: ['<rootDir>/dist/', '<rootDir>/build/'],
};
