export * from './api.ts';
export * from './clauseText.ts';
export * from './documentNames.ts';
export * from './model.ts';
export * from './permissions.ts';
