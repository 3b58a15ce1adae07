/**
 * Encodings an admin may pick when the detected one reads wrong: UTF-8, the Latin ones, and every
 * encoding a DBF language driver maps to (dbf.ts). Kept apart from dbf.ts so the browser can list
 * them without bundling the DBF parser.
 */
export const DBF_ENCODING_CHOICES: readonly string[] = [
  'utf-8',
  'windows-1252',
  'iso-8859-1',
  'iso-8859-15',
  'windows-1250',
  'windows-1251',
  'windows-1253',
  'windows-1254',
  'windows-1255',
  'windows-1256',
  'windows-1257',
  'windows-874',
  'ibm866',
  'gbk',
  'big5',
  'euc-kr',
  'shift_jis',
];
