// esbuild bundles imported CSS into ide.css (scripts/build-ide.ts); TypeScript only needs to know the import exists.
declare module 'graphiql/style.css';
