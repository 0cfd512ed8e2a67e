/**
 * Every filter a template may use: Jinja2 3.1's builtins and Salt 3006's
 * (salt/utils/jinja.py, salt/utils/data.py, salt/utils/stringutils.py,
 * salt/utils/hashutils.py, salt/utils/network.py...), by name. Salt's
 * replace Jinja's of the same name (unique, min, max, tojson), as
 * salt/utils/templates.py updates the environment's filters; Jinja's
 * `indent` stays, as Salt restores it on Jinja >= 2.11.
 */
import { APPLY_FILTERS } from './apply';
import { DEFAULT_FILTERS } from './default';
import { JSON_FILTERS } from './json';
import { NUMBER_FILTERS } from './numbers';
import { PFORMAT_FILTERS } from './pformat';
import { SALT_DATA_FILTERS } from './salt-data';
import { SALT_DICTUPDATE_FILTERS } from './salt-dictupdate';
import { SALT_HASH_FILTERS } from './salt-hash';
import { SALT_LIST_FILTERS } from './salt-lists';
import { SALT_NETWORK_FILTERS } from './salt-network';
import { SALT_RANDOM_FILTERS } from './salt-random';
import { SALT_REGEX_FILTERS } from './salt-regex';
import { SALT_STRING_FILTERS } from './salt-strings';
import { SALT_TIME_FILTERS } from './salt-time';
import { SALT_XML_FILTERS } from './salt-xml';
import { SEQUENCE_FILTERS } from './sequences';
import { STRING_FILTERS } from './strings';
import type { FilterFn } from './types';
import { URLIZE_FILTERS } from './urlize';
import { YAML_FILTERS } from './yaml';

/** The filters, by the name templates use. */
export const FILTERS: ReadonlyMap<string, FilterFn> = new Map<string, FilterFn>([
  ...DEFAULT_FILTERS,
  ...STRING_FILTERS,
  ...URLIZE_FILTERS,
  ...NUMBER_FILTERS,
  ...SEQUENCE_FILTERS,
  ...APPLY_FILTERS,
  ...JSON_FILTERS,
  ...PFORMAT_FILTERS,
  ...SALT_DATA_FILTERS,
  ...SALT_DICTUPDATE_FILTERS,
  ...SALT_LIST_FILTERS,
  ...SALT_REGEX_FILTERS,
  ...SALT_STRING_FILTERS,
  ...SALT_HASH_FILTERS,
  ...SALT_NETWORK_FILTERS,
  ...SALT_TIME_FILTERS,
  ...SALT_RANDOM_FILTERS,
  ...SALT_XML_FILTERS,
  ...YAML_FILTERS,
]);
