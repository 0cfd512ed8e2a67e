/**
 * The template variables Salt derives from an SLS name and the template's
 * path (salt/utils/templates.py generate_sls_context), which formulas rely
 * on to import their neighbours: `{% from tpldir ~ "/map.jinja" import m %}`.
 */

/** The variables, all strings; the `tpl*` ones only when the template path is known. */
export interface SlsContext {
  tplpath?: string;
  tplfile?: string;
  tpldir?: string;
  tpldot?: string;
  slspath: string;
  slsdotpath: string;
  slscolonpath: string;
  sls_path: string;
}

/**
 * Salt's generate_sls_context.
 * @param tmplpath the template's path (a `salt://` URL or a cache path), or undefined
 * @param sls the dotted SLS name (`nginx.config`), or '' for a template that is not an SLS
 * @returns `tplpath` as given; `tplfile` the path from the file roots (`nginx/config.sls`, `nginx/init.sls`);
 *   `tpldir` its directory (`.` at the top); `tpldot` that with dots; `slspath` the directory
 *   ('' at the top) and its `slsdotpath`, `slscolonpath`, `sls_path` (underscores) forms.
 *   When the path does not end with the SLS's file, Salt keeps the whole path (and logs a warning); so does this.
 */
export function slsContext(tmplpath: string | undefined, sls: string): SlsContext {
  let slspath = sls.replace(/\./g, '/');
  const out: Partial<SlsContext> = {};
  if (tmplpath) {
    let template = tmplpath.replace(/\\/g, '/');
    if (!sls) template = template.slice(template.lastIndexOf('/') + 1);
    else if (template.endsWith(`${slspath}.sls`)) template = template.slice(-(4 + slspath.length));
    else if (template.endsWith(`${slspath}/init.sls`)) template = template.slice(-(9 + slspath.length));
    slspath = template.includes('/') ? template.slice(0, template.lastIndexOf('/')) : '';
    Object.assign(out, { tplpath: tmplpath, tplfile: template, tpldir: slspath || '.', tpldot: slspath.replace(/\//g, '.') });
  }
  return {
    ...out,
    slspath,
    slsdotpath: slspath.replace(/\//g, '.'),
    slscolonpath: slspath.replace(/\//g, ':'),
    sls_path: slspath.replace(/\//g, '_'),
  };
}
