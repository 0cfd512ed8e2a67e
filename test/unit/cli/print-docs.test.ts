/**
 * sys.doc's returns merged into Salt's one documentation block (capture sys_doc_test_ping.txt).
 */
import { docsText, mergeDocs } from '@brine/cli/print-docs';
import { referenceStdout } from './output/reference';

const PING = "\n    Used to make sure the minion is up and responding. Not an ICMP ping.\n\n    Returns ``True``.\n\n    CLI Example:\n\n        salt '*' test.ping\n    ";

it('prints each function once, sorted, as the capture', () => {
  const merged = mergeDocs([{ 'test.ping': PING }, { 'test.ping': 'other' }, 'Minion did not return. [No response]']);
  expect(docsText(merged)).toBe(referenceStdout('sys_doc_test_ping.txt'));
});

it('takes the first non-empty text of each function', () => {
  expect(mergeDocs([{ 'b.x': '' }, { 'b.x': 'B', 'a.y': 'A' }])).toEqual({ 'b.x': 'B', 'a.y': 'A' });
  expect(docsText({ 'b.x': 'B', 'a.y': 'A' })).toBe('a.y:\nA\n\nb.x:\nB\n\n');
});
