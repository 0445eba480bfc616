// What tests and scripts use to build a server of their own.
export { type App, type AppDeps, createApp } from './app.ts';
export { MemoryLoginThrottle, type SignInAttempt } from './auth/LoginThrottle.ts';
export { hashPassword } from './auth/passwords.ts';
export { RedisLoginThrottle } from './auth/RedisLoginThrottle.ts';
export { mergeUpdates } from './collab/extensions/DurableUpdatesExtension.ts';
export { clausePlainText, clauseTextUpdate } from './collab/lexicalText.ts';
export type { DatabaseConfig, MailConfig } from './config.ts';
export { type Config, loadConfig } from './config.ts';
export {
  exportFileName,
  MATRIX_EXPORT_CONTENT_TYPES,
  MATRIX_EXPORT_HEADERS,
  type MatrixExportContext,
  type MatrixExportFormat,
  type MatrixExportRow,
  matrixExportRows,
  matrixToCsv,
  matrixToDocx,
  matrixToXlsx,
} from './matrix/exports.ts';
export { RETRY_FIRST_MS, retryDelay } from './notifications/MailOutbox.ts';
export { latestDigestTime } from './notifications/NotificationService.ts';
export * from './seed/demoConsultation.ts';
export { seedDemo } from './seed/seedDemo.ts';
export { openStorage } from './storage/openStorage.ts';
export { PostgresStorage, type PostgresStorageOptions } from './storage/postgres/PostgresStorage.ts';
export type { Storage } from './storage/Storage.ts';
export { SqliteStorage } from './storage/sqlite/SqliteStorage.ts';
