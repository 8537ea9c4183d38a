/** English messages of the Setup designers (objects, pipelines, users); zh/setup-designers.ts has the same keys. */
export default {
  title: 'Designers',
};
