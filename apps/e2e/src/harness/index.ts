export * from './api';
export * from './dates';
export * from './headend';
export * from './poll';
export * from './system';
export * from './world';
export * from './failures';
export * from './broker';
