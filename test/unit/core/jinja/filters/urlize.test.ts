import { f } from './context';

describe("Jinja's urlize", () => {
  test.each<[string, unknown[], Record<string, unknown>, string]>([
    ['visit www.example.com today', [], {}, 'visit <a href="https://www.example.com" rel="noopener">www.example.com</a> today'],
    ['see (http://foo.org/a_b?x=1).', [], {}, 'see (<a href="http://foo.org/a_b?x=1" rel="noopener">http://foo.org/a_b?x=1</a>).'],
    ['mail me@example.com or mailto:a@b.io', [], {}, 'mail <a href="mailto:me@example.com">me@example.com</a> or <a href="mailto:a@b.io">a@b.io</a>'],
    ['<https://x.co/>', [], {}, '&lt;<a href="https://x.co/" rel="noopener">https://x.co/</a>&gt;'],
    ['go to example.com, now', [], {}, 'go to <a href="https://example.com" rel="noopener">example.com</a>, now'],
    ['http://127.0.0.1:8080/p', [], {}, '<a href="http://127.0.0.1:8080/p" rel="noopener">http://127.0.0.1:8080/p</a>'],
    ['a verylongdomain.com here', [5], {}, 'a <a href="https://verylongdomain.com" rel="noopener">veryl...</a> here'],
    ['ftp://x.y and foo', [], { extra_schemes: ['ftp://'] }, '<a href="ftp://x.y" rel="noopener">ftp://x.y</a> and foo'],
    ['x http://[::1]/ y', [], {}, 'x <a href="http://[::1]/" rel="noopener">http://[::1]/</a> y'],
    ['www.a.com', [], { nofollow: true, target: '_blank' }, '<a href="https://www.a.com" rel="nofollow noopener" target="_blank">www.a.com</a>'],
    ['no links here', [], {}, 'no links here'],
  ])('urlize(%p, %p, %p)', (value, args, kwargs, expected) => {
    expect(f('urlize', value, args, kwargs)).toBe(expected);
  });
});
