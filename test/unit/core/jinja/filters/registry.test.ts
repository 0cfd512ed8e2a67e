import { FILTERS } from '@brine/core/jinja/filters/index';
import { TESTS } from '@brine/core/jinja/tests/index';

/** jinja2.filters.FILTERS of Jinja 3.1.2. */
const JINJA_FILTERS =
  'abs attr batch capitalize center count d default dictsort e escape filesizeformat first float forceescape format groupby indent int join last length list lower items map min max pprint random reject rejectattr replace reverse round safe select selectattr slice sort string striptags sum title trim truncate unique upper urlencode urlize wordcount wordwrap xmlattr tojson';

/** Salt 3006's @jinja_filter names and SerializerExtension's filters that brine provides. */
const SALT_FILTERS =
  'append_dict_key_value avg base64_decode base64_encode check_whitelist_blacklist combinations combinations_with_replacement compare_dicts compare_lists compress contains_whitespace date_format difference exactly_n_true exactly_one_true extend_dict_key_value filter_by_networks flatten gen_mac hmac hmac_compute human_to_bytes intersect ip_host ipaddr ipv4 ipv6 ipwrap is_hex is_ip is_ipv4 is_ipv6 is_iter is_list json max md5 method_call min mysql_to_dict network_hosts network_size path_join permutations product python quote rand_str random_hash random_sample random_shuffle random_str regex_escape regex_match regex_replace regex_search sequence set_dict_key_value sha1 sha256 sha512 skip sorted_ignorecase str_to_num strftime substring_in_list symmetric_difference to_bool to_camelcase to_num to_snake_case tojson traverse union unique update_dict_key_value uuid xml zip zip_longest yaml yaml_encode yaml_dquote yaml_squote load_yaml load_json load_text dict_to_sls_yaml_params';

/**
 * Salt 3006 filters brine does not provide (yet): bytes values (to_bytes,
 * mac_str_to_bytes, json_*_dict/list), host access (which, is_empty,
 * is_text_file, is_bin_file, list_files, file_hashsum, get_uid, http_query,
 * dns_check), jmespath (json_query).
 */
const NOT_HERE =
  'to_bytes mac_str_to_bytes json_encode_dict json_decode_dict json_encode_list json_decode_list which is_empty is_text_file is_bin_file list_files file_hashsum get_uid http_query dns_check json_query';

describe('the filter and test registries', () => {
  test.each(`${JINJA_FILTERS} ${SALT_FILTERS}`.split(' '))('has the filter %s', (name) => {
    expect(FILTERS.has(name)).toBe(true);
  });

  test.each(NOT_HERE.split(' '))('leaves out %s', (name) => {
    expect(FILTERS.has(name)).toBe(false);
  });

  test.each(
    'odd even divisibleby defined undefined filter test none boolean false true integer float lower upper string mapping number sequence iterable callable sameas escaped in == eq equalto != ne > gt greaterthan ge >= < lt lessthan <= le match list'.split(' '),
  )('has the test %s', (name) => {
    expect(TESTS.has(name)).toBe(true);
  });
});
