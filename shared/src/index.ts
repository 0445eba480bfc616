export * from './anchors.ts';
export * from './api.ts';
export * from './clauseText.ts';
export * from './comments.ts';
export * from './documentNames.ts';
export * from './matrix.ts';
export * from './model.ts';
export * from './permissions.ts';
