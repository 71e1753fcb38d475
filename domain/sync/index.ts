// Sync of microgrid documents between the desktop app and a site controller: element-by-element
// diff and the three-way re-apply of local changes onto the latest remote version.
export * from './elements.ts';
export * from './diff.ts';
export * from './rebase.ts';
export * from './push-plan.ts';
