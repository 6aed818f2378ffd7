export const DIRECTORY_DB = Symbol('DIRECTORY_DB');
export const DIRECTORY_SCHEMA = 'directory';
