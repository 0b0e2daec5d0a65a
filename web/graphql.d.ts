/** GraphQL documents under examples/, bundled as text by esbuild (`loader: { '.graphql': 'text' }`). */
declare module '*.graphql' {
  const text: string;
  export default text;
}
