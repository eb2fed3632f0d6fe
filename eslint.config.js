import eslint from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['node_modules/', 'data/', 'terminals/dist/', '**/*.js', '!eslint.config.js'] },
  eslint.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/no-explicit-any': 'error',
    },
  },
  {
    // The simulators are the outside world: the runtime talks to them over HTTP, never by import (only app.ts starts
    // them, for the demo). Tests may start them.
    files: ['actors/**/*.ts', 'gateway/**/*.ts'],
    ignores: ['**/*.test.ts'],
    rules: { 'no-restricted-imports': ['error', { patterns: ['**/simulators/**'] }] },
  },
  {
    // The runtime hosts kinds it is handed: shared/ never reaches up into actors/ (app.ts hands it the list).
    files: ['shared/**/*.ts'],
    ignores: ['**/*.test.ts'],
    rules: { 'no-restricted-imports': ['error', { patterns: ['**/actors/**', '**/simulators/**'] }] },
  },
  {
    // A machine is pure: no I/O, no clock, no randomness. Time and ids arrive in its events.
    files: ['**/*.machine.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            'node:*',
            'moleculer*',
            'sequelize',
            'pg',
            'socket.io*',
            'ioredis',
            'pino',
            'serialport',
            '*/shared/db/*',
            '*/shared/runtime/actor-host*',
            '**/simulators/**',
          ],
        },
      ],
      'no-restricted-syntax': [
        'error',
        {
          selector: "CallExpression[callee.object.name='Date'][callee.property.name='now']",
          message: 'Time comes in the event.',
        },
        { selector: "NewExpression[callee.name='Date'][arguments.length=0]", message: 'Time comes in the event.' },
        {
          selector: "CallExpression[callee.object.name='Math'][callee.property.name='random']",
          message: 'Ids come in the event.',
        },
      ],
    },
  },
);
