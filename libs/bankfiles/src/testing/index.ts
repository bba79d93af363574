/** Test helpers of the payments fixtures, for this library's tests and the payments service's (`@utilia/bankfiles/testing`). */
export * from './corpus';
export * from './documents';
export * from './errors';
export * from './xsd';
