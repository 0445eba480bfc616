export * from './api.ts';
export * from './documentNames.ts';
export * from './model.ts';
export * from './permissions.ts';
