// @ts-nocheck: TypeBox emits these checks as plain JavaScript.
/**
 * The compiled check of every message of protocol v1, by key (messages.ts).
 * Generated from the schemas by generate.ts (`npm run build` runs it); do
 * not edit: change the schema and build.
 */
export const COMPILED: Record<string, (value: unknown) => boolean> = {
  "accepted body": (() => {
    return function check(value) {
      return (
        (typeof value === 'object' && value !== null && !Array.isArray(value)) &&
        (value['ids'] !== undefined ? (Array.isArray(value['ids']) && ((array) => { for(const value of array) if(!(((typeof value === 'string')))) { return false }; return true; })(value['ids'])) : true) &&
        Number.isFinite(value['splay']) &&
        value['splay'] >= 0
      )
    }
  })(),
  "auth reply body": (() => {
    return function check(value) {
      return (
        (typeof value === 'object' && value !== null && !Array.isArray(value)) &&
        value['token'] instanceof Uint8Array &&
        (value['token'].length <= 16) &&
        (value['token'].length >= 16) &&
        (((value['status'] === 'accepted')) || ((value['status'] === 'pending')) || ((value['status'] === 'rejected')) || ((value['status'] === 'denied'))) &&
        value['master_box'] instanceof Uint8Array &&
        (value['master_box'].length <= 32) &&
        (value['master_box'].length >= 32) &&
        value['master_sign'] instanceof Uint8Array &&
        (value['master_sign'].length <= 32) &&
        (value['master_sign'].length >= 32) &&
        (value['session'] !== undefined ? ((typeof value['session'] === 'object' && value['session'] !== null && !Array.isArray(value['session'])) && value['session']['nonce'] instanceof Uint8Array && (value['session']['nonce'].length <= 24) && (value['session']['nonce'].length >= 24) && value['session']['box'] instanceof Uint8Array) : true)
      )
    }
  })(),
  "client grant": (() => {
    return function check(value) {
      return (
        (typeof value === 'object' && value !== null && !Array.isArray(value)) &&
        (typeof value['now'] === 'string') &&
        value['ticket'] instanceof Uint8Array &&
        (value['ticket'].length <= 16) &&
        (value['ticket'].length >= 16)
      )
    }
  })(),
  "hello body": (() => {
    return function check(value) {
      return (
        (typeof value === 'object' && value !== null && !Array.isArray(value))
      )
    }
  })(),
  "job load": (() => {
    const local_0 = /^(.*)$/
    const local_1 = /^(.*)$/
    return function check(value) {
      return (
        (typeof value === 'object' && value !== null && !Array.isArray(value)) &&
        (((typeof value['tgt'] === 'string')) || (Array.isArray(value['tgt']) && ((array) => { for(const value of array) if(!(((typeof value === 'string')))) { return false }; return true; })(value['tgt']))) &&
        (((value['tgt_type'] === 'glob')) || ((value['tgt_type'] === 'pcre')) || ((value['tgt_type'] === 'list')) || ((value['tgt_type'] === 'grain')) || ((value['tgt_type'] === 'grain_pcre')) || ((value['tgt_type'] === 'pillar')) || ((value['tgt_type'] === 'pillar_pcre')) || ((value['tgt_type'] === 'ipcidr')) || ((value['tgt_type'] === 'nodegroup')) || ((value['tgt_type'] === 'compound'))) &&
        (value['delimiter'] !== undefined ? ((typeof value['delimiter'] === 'string')) : true) &&
        (typeof value['fun'] === 'string') &&
        Array.isArray(value['arg']) &&
        ((array) => { for(const value of array) if(!((true))) { return false }; return true; })(value['arg']) &&
        (typeof value['kwarg'] === 'object' && value['kwarg'] !== null && !Array.isArray(value['kwarg']) && !(value['kwarg'] instanceof Date) && !(value['kwarg'] instanceof Uint8Array)) &&
        (Object.entries(value['kwarg']).every(([key, value]) => (local_0.test(key) ? (true) : true))) &&
        (typeof value['user'] === 'string') &&
        (value['to'] !== undefined ? (Number.isFinite(value['to']) && value['to'] >= 0) : true) &&
        (value['ret'] !== undefined ? ((typeof value['ret'] === 'string') && value['ret'].length <= 1024) : true) &&
        (value['ret_config'] !== undefined ? ((typeof value['ret_config'] === 'string') && value['ret_config'].length <= 256) : true) &&
        (value['ret_kwargs'] !== undefined ? ((typeof value['ret_kwargs'] === 'object' && value['ret_kwargs'] !== null && !Array.isArray(value['ret_kwargs']) && !(value['ret_kwargs'] instanceof Date) && !(value['ret_kwargs'] instanceof Uint8Array)) && (Object.entries(value['ret_kwargs']).every(([key, value]) => (local_1.test(key) ? (true) : true)))) : true) &&
        (value['force_all'] !== undefined ? ((typeof value['force_all'] === 'boolean')) : true) &&
        (typeof value['jid'] === 'string') &&
        (value['acl'] !== undefined ? ((typeof value['acl'] === 'object' && value['acl'] !== null && !Array.isArray(value['acl'])) && (typeof value['acl']['rule'] === 'string') && value['acl']['rule'].length <= 1024 && value['acl']['rule'].length >= 1) : true)
      )
    }
  })(),
  "local client/acl_check": (() => {
    const local_0 = /^(.*)$/
    return function check(value) {
      return (
        (typeof value === 'object' && value !== null && !Array.isArray(value)) &&
        (typeof value['user'] === 'string') &&
        value['user'].length <= 64 &&
        value['user'].length >= 1 &&
        (typeof value['fun'] === 'string') &&
        value['fun'].length <= 256 &&
        value['fun'].length >= 1 &&
        (value['kind'] !== undefined ? ((((value['kind'] === 'publish')) || ((value['kind'] === 'runner')) || ((value['kind'] === 'wheel')))) : true) &&
        (value['tgt'] !== undefined ? ((((typeof value['tgt'] === 'string')) || (Array.isArray(value['tgt']) && ((array) => { for(const value of array) if(!(((typeof value === 'string')))) { return false }; return true; })(value['tgt'])))) : true) &&
        (value['tgt_type'] !== undefined ? ((((value['tgt_type'] === 'glob')) || ((value['tgt_type'] === 'pcre')) || ((value['tgt_type'] === 'list')) || ((value['tgt_type'] === 'grain')) || ((value['tgt_type'] === 'grain_pcre')) || ((value['tgt_type'] === 'pillar')) || ((value['tgt_type'] === 'pillar_pcre')) || ((value['tgt_type'] === 'ipcidr')) || ((value['tgt_type'] === 'nodegroup')) || ((value['tgt_type'] === 'compound')))) : true) &&
        (value['arg'] !== undefined ? (Array.isArray(value['arg']) && ((array) => { for(const value of array) if(!((true))) { return false }; return true; })(value['arg'])) : true) &&
        (value['kwarg'] !== undefined ? ((typeof value['kwarg'] === 'object' && value['kwarg'] !== null && !Array.isArray(value['kwarg']) && !(value['kwarg'] instanceof Date) && !(value['kwarg'] instanceof Uint8Array)) && (Object.entries(value['kwarg']).every(([key, value]) => (local_0.test(key) ? (true) : true)))) : true)
      )
    }
  })(),
  "local client/acl_check reply": (() => {
    return function check(value) {
      return (
        (typeof value === 'object' && value !== null && !Array.isArray(value)) &&
        (typeof value['allowed'] === 'boolean') &&
        (typeof value['rule'] === 'string') &&
        (typeof value['reason'] === 'string') &&
        Array.isArray(value['minions']) &&
        ((array) => { for(const value of array) if(!(((typeof value === 'string')))) { return false }; return true; })(value['minions'])
      )
    }
  })(),
  "local client/alived": (() => {
    return function check(value) {
      return (
        (typeof value === 'object' && value !== null && !Array.isArray(value)) &&
        (value['subset'] !== undefined ? (Array.isArray(value['subset']) && ((array) => { for(const value of array) if(!(((typeof value === 'string')))) { return false }; return true; })(value['subset'])) : true)
      )
    }
  })(),
  "local client/alived reply": (() => {
    return function check(value) {
      return (
        Array.isArray(value) &&
        ((array) => { for(const value of array) if(!(((typeof value === 'string')))) { return false }; return true; })(value)
      )
    }
  })(),
  "local client/audit_verify": (() => {
    return function check(value) {
      return (
        (typeof value === 'object' && value !== null && !Array.isArray(value))
      )
    }
  })(),
  "local client/audit_verify reply": (() => {
    return function check(value) {
      return (
        (typeof value === 'object' && value !== null && !Array.isArray(value)) &&
        (typeof value['result'] === 'boolean') &&
        Number.isInteger(value['lines']) &&
        value['lines'] >= 0 &&
        (value['file'] !== undefined ? ((typeof value['file'] === 'string')) : true) &&
        (value['first_bad_line'] !== undefined ? (Number.isInteger(value['first_bad_line']) && value['first_bad_line'] >= 1) : true) &&
        (value['problem'] !== undefined ? ((typeof value['problem'] === 'string')) : true)
      )
    }
  })(),
  "local client/check_minions": (() => {
    return function check(value) {
      return (
        (typeof value === 'object' && value !== null && !Array.isArray(value)) &&
        (((typeof value['tgt'] === 'string')) || (Array.isArray(value['tgt']) && ((array) => { for(const value of array) if(!(((typeof value === 'string')))) { return false }; return true; })(value['tgt']))) &&
        (((value['tgt_type'] === 'glob')) || ((value['tgt_type'] === 'pcre')) || ((value['tgt_type'] === 'list')) || ((value['tgt_type'] === 'grain')) || ((value['tgt_type'] === 'grain_pcre')) || ((value['tgt_type'] === 'pillar')) || ((value['tgt_type'] === 'pillar_pcre')) || ((value['tgt_type'] === 'ipcidr')) || ((value['tgt_type'] === 'nodegroup')) || ((value['tgt_type'] === 'compound'))) &&
        (value['delimiter'] !== undefined ? ((typeof value['delimiter'] === 'string')) : true)
      )
    }
  })(),
  "local client/check_minions reply": (() => {
    return function check(value) {
      return (
        Array.isArray(value) &&
        ((array) => { for(const value of array) if(!(((typeof value === 'string')))) { return false }; return true; })(value)
      )
    }
  })(),
  "local client/events": (() => {
    return function check(value) {
      return (
        (typeof value === 'object' && value !== null && !Array.isArray(value)) &&
        (value['after'] !== undefined ? (Number.isInteger(value['after']) && value['after'] >= 0) : true) &&
        (value['wait'] !== undefined ? (Number.isInteger(value['wait']) && value['wait'] >= 0) : true)
      )
    }
  })(),
  "local client/events reply": (() => {
    const local_0 = /^(.*)$/
    return function check(value) {
      return (
        (typeof value === 'object' && value !== null && !Array.isArray(value)) &&
        Array.isArray(value['events']) &&
        ((array) => { for(const value of array) if(!(((typeof value === 'object' && value !== null && !Array.isArray(value)) && (typeof value['tag'] === 'string') && (typeof value['data'] === 'object' && value['data'] !== null && !Array.isArray(value['data']) && !(value['data'] instanceof Date) && !(value['data'] instanceof Uint8Array)) && (Object.entries(value['data']).every(([key, value]) => (local_0.test(key) ? (true) : true)))))) { return false }; return true; })(value['events']) &&
        Number.isInteger(value['cursor']) &&
        value['cursor'] >= 0 &&
        Number.isInteger(value['missed']) &&
        value['missed'] >= 0
      )
    }
  })(),
  "local client/governor_status": (() => {
    return function check(value) {
      return (
        (typeof value === 'object' && value !== null && !Array.isArray(value))
      )
    }
  })(),
  "local client/governor_status reply": (() => {
    const local_0 = /^(.*)$/
    return function check(value) {
      return (
        (typeof value === 'object' && value !== null && !Array.isArray(value) && !(value instanceof Date) && !(value instanceof Uint8Array)) &&
        (Object.entries(value).every(([key, value]) => (local_0.test(key) ? ((typeof value === 'object' && value !== null && !Array.isArray(value)) && Number.isInteger(value['limit']) && Array.isArray(value['holders']) && ((array) => { for(const value of array) if(!(((typeof value === 'object' && value !== null && !Array.isArray(value)) && (typeof value['minion'] === 'string') && (typeof value['run'] === 'string') && (typeof value['expires'] === 'string')))) { return false }; return true; })(value['holders']) && Array.isArray(value['waiting']) && ((array) => { for(const value of array) if(!(((typeof value === 'string')))) { return false }; return true; })(value['waiting'])) : true)))
      )
    }
  })(),
  "local client/job_load": (() => {
    return function check(value) {
      return (
        (typeof value === 'object' && value !== null && !Array.isArray(value)) &&
        (typeof value['jid'] === 'string')
      )
    }
  })(),
  "local client/job_load reply": (() => {
    const local_0 = /^(.*)$/
    const local_1 = /^(.*)$/
    return function check(value) {
      return (
        (((typeof value === 'object' && value !== null && !Array.isArray(value)) && (((typeof value['tgt'] === 'string')) || (Array.isArray(value['tgt']) && ((array) => { for(const value of array) if(!(((typeof value === 'string')))) { return false }; return true; })(value['tgt']))) && (((value['tgt_type'] === 'glob')) || ((value['tgt_type'] === 'pcre')) || ((value['tgt_type'] === 'list')) || ((value['tgt_type'] === 'grain')) || ((value['tgt_type'] === 'grain_pcre')) || ((value['tgt_type'] === 'pillar')) || ((value['tgt_type'] === 'pillar_pcre')) || ((value['tgt_type'] === 'ipcidr')) || ((value['tgt_type'] === 'nodegroup')) || ((value['tgt_type'] === 'compound'))) && (value['delimiter'] !== undefined ? ((typeof value['delimiter'] === 'string')) : true) && (typeof value['fun'] === 'string') && Array.isArray(value['arg']) && ((array) => { for(const value of array) if(!((true))) { return false }; return true; })(value['arg']) && (typeof value['kwarg'] === 'object' && value['kwarg'] !== null && !Array.isArray(value['kwarg']) && !(value['kwarg'] instanceof Date) && !(value['kwarg'] instanceof Uint8Array)) && (Object.entries(value['kwarg']).every(([key, value]) => (local_0.test(key) ? (true) : true))) && (typeof value['user'] === 'string') && (value['to'] !== undefined ? (Number.isFinite(value['to']) && value['to'] >= 0) : true) && (value['ret'] !== undefined ? ((typeof value['ret'] === 'string') && value['ret'].length <= 1024) : true) && (value['ret_config'] !== undefined ? ((typeof value['ret_config'] === 'string') && value['ret_config'].length <= 256) : true) && (value['ret_kwargs'] !== undefined ? ((typeof value['ret_kwargs'] === 'object' && value['ret_kwargs'] !== null && !Array.isArray(value['ret_kwargs']) && !(value['ret_kwargs'] instanceof Date) && !(value['ret_kwargs'] instanceof Uint8Array)) && (Object.entries(value['ret_kwargs']).every(([key, value]) => (local_1.test(key) ? (true) : true)))) : true) && (value['force_all'] !== undefined ? ((typeof value['force_all'] === 'boolean')) : true) && (typeof value['jid'] === 'string') && (value['acl'] !== undefined ? ((typeof value['acl'] === 'object' && value['acl'] !== null && !Array.isArray(value['acl'])) && (typeof value['acl']['rule'] === 'string') && value['acl']['rule'].length <= 1024 && value['acl']['rule'].length >= 1) : true) && Number.isFinite(value['started']) && Array.isArray(value['minions']) && ((array) => { for(const value of array) if(!(((typeof value === 'string')))) { return false }; return true; })(value['minions']) && (value['schedule'] !== undefined ? ((typeof value['schedule'] === 'string')) : true)) || ((value === null)))
      )
    }
  })(),
  "local client/job_returns": (() => {
    return function check(value) {
      return (
        (typeof value === 'object' && value !== null && !Array.isArray(value)) &&
        (typeof value['jid'] === 'string') &&
        (value['after'] !== undefined ? ((typeof value['after'] === 'string')) : true) &&
        (value['wait'] !== undefined ? (Number.isInteger(value['wait']) && value['wait'] >= 0) : true)
      )
    }
  })(),
  "local client/job_returns reply": (() => {
    const local_0 = /^(.*)$/
    return function check(value) {
      return (
        (typeof value === 'object' && value !== null && !Array.isArray(value)) &&
        Array.isArray(value['returns']) &&
        ((array) => { for(const value of array) if(!(((typeof value === 'object' && value !== null && !Array.isArray(value)) && (typeof value['jid'] === 'string') && (typeof value['id'] === 'string') && (typeof value['fun'] === 'string') && Array.isArray(value['fun_args']) && ((array) => { for(const value of array) if(!((true))) { return false }; return true; })(value['fun_args']) && true && ('return' in value) && Number.isFinite(value['retcode']) && (typeof value['success'] === 'boolean') && Number.isFinite(value['started']) && Number.isFinite(value['finished']) && (value['out'] !== undefined ? ((typeof value['out'] === 'string')) : true) && (value['schedule'] !== undefined ? ((typeof value['schedule'] === 'string') && value['schedule'].length <= 256 && value['schedule'].length >= 1) : true) && (value['pid'] !== undefined ? (Number.isInteger(value['pid']) && value['pid'] >= 0) : true) && (value['metadata'] !== undefined ? ((typeof value['metadata'] === 'object' && value['metadata'] !== null && !Array.isArray(value['metadata']) && !(value['metadata'] instanceof Date) && !(value['metadata'] instanceof Uint8Array)) && (Object.entries(value['metadata']).every(([key, value]) => (local_0.test(key) ? (true) : true)))) : true) && Number.isFinite(value['stamp'])))) { return false }; return true; })(value['returns']) &&
        (typeof value['cursor'] === 'string')
      )
    }
  })(),
  "local client/key_event": (() => {
    return function check(value) {
      return (
        (typeof value === 'object' && value !== null && !Array.isArray(value)) &&
        Array.isArray(value['ids']) &&
        ((array) => { for(const value of array) if(!(((typeof value === 'string')))) { return false }; return true; })(value['ids']) &&
        (value['act'] !== undefined ? ((((value['act'] === 'accept')) || ((value['act'] === 'reject')) || ((value['act'] === 'delete')))) : true)
      )
    }
  })(),
  "local client/key_event reply": (() => {
    return function check(value) {
      return (
        (value === null)
      )
    }
  })(),
  "local client/list_jobs": (() => {
    return function check(value) {
      return (
        (typeof value === 'object' && value !== null && !Array.isArray(value)) &&
        (value['limit'] !== undefined ? (Number.isFinite(value['limit'])) : true)
      )
    }
  })(),
  "local client/list_jobs reply": (() => {
    const local_0 = /^(.*)$/
    const local_1 = /^(.*)$/
    return function check(value) {
      return (
        Array.isArray(value) &&
        ((array) => { for(const value of array) if(!(((typeof value === 'object' && value !== null && !Array.isArray(value)) && (((typeof value['tgt'] === 'string')) || (Array.isArray(value['tgt']) && ((array) => { for(const value of array) if(!(((typeof value === 'string')))) { return false }; return true; })(value['tgt']))) && (((value['tgt_type'] === 'glob')) || ((value['tgt_type'] === 'pcre')) || ((value['tgt_type'] === 'list')) || ((value['tgt_type'] === 'grain')) || ((value['tgt_type'] === 'grain_pcre')) || ((value['tgt_type'] === 'pillar')) || ((value['tgt_type'] === 'pillar_pcre')) || ((value['tgt_type'] === 'ipcidr')) || ((value['tgt_type'] === 'nodegroup')) || ((value['tgt_type'] === 'compound'))) && (value['delimiter'] !== undefined ? ((typeof value['delimiter'] === 'string')) : true) && (typeof value['fun'] === 'string') && Array.isArray(value['arg']) && ((array) => { for(const value of array) if(!((true))) { return false }; return true; })(value['arg']) && (typeof value['kwarg'] === 'object' && value['kwarg'] !== null && !Array.isArray(value['kwarg']) && !(value['kwarg'] instanceof Date) && !(value['kwarg'] instanceof Uint8Array)) && (Object.entries(value['kwarg']).every(([key, value]) => (local_0.test(key) ? (true) : true))) && (typeof value['user'] === 'string') && (value['to'] !== undefined ? (Number.isFinite(value['to']) && value['to'] >= 0) : true) && (value['ret'] !== undefined ? ((typeof value['ret'] === 'string') && value['ret'].length <= 1024) : true) && (value['ret_config'] !== undefined ? ((typeof value['ret_config'] === 'string') && value['ret_config'].length <= 256) : true) && (value['ret_kwargs'] !== undefined ? ((typeof value['ret_kwargs'] === 'object' && value['ret_kwargs'] !== null && !Array.isArray(value['ret_kwargs']) && !(value['ret_kwargs'] instanceof Date) && !(value['ret_kwargs'] instanceof Uint8Array)) && (Object.entries(value['ret_kwargs']).every(([key, value]) => (local_1.test(key) ? (true) : true)))) : true) && (value['force_all'] !== undefined ? ((typeof value['force_all'] === 'boolean')) : true) && (typeof value['jid'] === 'string') && (value['acl'] !== undefined ? ((typeof value['acl'] === 'object' && value['acl'] !== null && !Array.isArray(value['acl'])) && (typeof value['acl']['rule'] === 'string') && value['acl']['rule'].length <= 1024 && value['acl']['rule'].length >= 1) : true) && Number.isFinite(value['started']) && Array.isArray(value['minions']) && ((array) => { for(const value of array) if(!(((typeof value === 'string')))) { return false }; return true; })(value['minions']) && (value['schedule'] !== undefined ? ((typeof value['schedule'] === 'string')) : true)))) { return false }; return true; })(value)
      )
    }
  })(),
  "local client/minion_cache": (() => {
    return function check(value) {
      return (
        (typeof value === 'object' && value !== null && !Array.isArray(value)) &&
        (((value['kind'] === 'grains')) || ((value['kind'] === 'pillar')) || ((value['kind'] === 'mine'))) &&
        (value['target'] !== undefined ? ((typeof value['target'] === 'object' && value['target'] !== null && !Array.isArray(value['target'])) && (((typeof value['target']['tgt'] === 'string')) || (Array.isArray(value['target']['tgt']) && ((array) => { for(const value of array) if(!(((typeof value === 'string')))) { return false }; return true; })(value['target']['tgt']))) && (((value['target']['tgt_type'] === 'glob')) || ((value['target']['tgt_type'] === 'pcre')) || ((value['target']['tgt_type'] === 'list')) || ((value['target']['tgt_type'] === 'grain')) || ((value['target']['tgt_type'] === 'grain_pcre')) || ((value['target']['tgt_type'] === 'pillar')) || ((value['target']['tgt_type'] === 'pillar_pcre')) || ((value['target']['tgt_type'] === 'ipcidr')) || ((value['target']['tgt_type'] === 'nodegroup')) || ((value['target']['tgt_type'] === 'compound'))) && (value['target']['delimiter'] !== undefined ? ((typeof value['target']['delimiter'] === 'string')) : true)) : true)
      )
    }
  })(),
  "local client/minion_cache reply": (() => {
    const local_0 = /^(.*)$/
    return function check(value) {
      return (
        (typeof value === 'object' && value !== null && !Array.isArray(value) && !(value instanceof Date) && !(value instanceof Uint8Array)) &&
        (Object.entries(value).every(([key, value]) => (local_0.test(key) ? (true) : true)))
      )
    }
  })(),
  "local client/present": (() => {
    return function check(value) {
      return (
        (typeof value === 'object' && value !== null && !Array.isArray(value))
      )
    }
  })(),
  "local client/present reply": (() => {
    return function check(value) {
      return (
        Array.isArray(value) &&
        ((array) => { for(const value of array) if(!(((typeof value === 'string')))) { return false }; return true; })(value)
      )
    }
  })(),
  "local client/publish": (() => {
    const local_0 = /^(.*)$/
    const local_1 = /^(.*)$/
    return function check(value) {
      return (
        (typeof value === 'object' && value !== null && !Array.isArray(value)) &&
        (((typeof value['tgt'] === 'string')) || (Array.isArray(value['tgt']) && ((array) => { for(const value of array) if(!(((typeof value === 'string')))) { return false }; return true; })(value['tgt']))) &&
        (((value['tgt_type'] === 'glob')) || ((value['tgt_type'] === 'pcre')) || ((value['tgt_type'] === 'list')) || ((value['tgt_type'] === 'grain')) || ((value['tgt_type'] === 'grain_pcre')) || ((value['tgt_type'] === 'pillar')) || ((value['tgt_type'] === 'pillar_pcre')) || ((value['tgt_type'] === 'ipcidr')) || ((value['tgt_type'] === 'nodegroup')) || ((value['tgt_type'] === 'compound'))) &&
        (value['delimiter'] !== undefined ? ((typeof value['delimiter'] === 'string')) : true) &&
        (typeof value['fun'] === 'string') &&
        Array.isArray(value['arg']) &&
        ((array) => { for(const value of array) if(!((true))) { return false }; return true; })(value['arg']) &&
        (typeof value['kwarg'] === 'object' && value['kwarg'] !== null && !Array.isArray(value['kwarg']) && !(value['kwarg'] instanceof Date) && !(value['kwarg'] instanceof Uint8Array)) &&
        (Object.entries(value['kwarg']).every(([key, value]) => (local_0.test(key) ? (true) : true))) &&
        (typeof value['user'] === 'string') &&
        (value['to'] !== undefined ? (Number.isFinite(value['to']) && value['to'] >= 0) : true) &&
        (value['ret'] !== undefined ? ((typeof value['ret'] === 'string') && value['ret'].length <= 1024) : true) &&
        (value['ret_config'] !== undefined ? ((typeof value['ret_config'] === 'string') && value['ret_config'].length <= 256) : true) &&
        (value['ret_kwargs'] !== undefined ? ((typeof value['ret_kwargs'] === 'object' && value['ret_kwargs'] !== null && !Array.isArray(value['ret_kwargs']) && !(value['ret_kwargs'] instanceof Date) && !(value['ret_kwargs'] instanceof Uint8Array)) && (Object.entries(value['ret_kwargs']).every(([key, value]) => (local_1.test(key) ? (true) : true)))) : true) &&
        (value['force_all'] !== undefined ? ((typeof value['force_all'] === 'boolean')) : true)
      )
    }
  })(),
  "local client/publish reply": (() => {
    return function check(value) {
      return (
        (typeof value === 'object' && value !== null && !Array.isArray(value)) &&
        (((typeof value['jid'] === 'string')) || ((value['jid'] === null))) &&
        Array.isArray(value['minions']) &&
        ((array) => { for(const value of array) if(!(((typeof value === 'string')))) { return false }; return true; })(value['minions'])
      )
    }
  })(),
  "local client/runner_job": (() => {
    return function check(value) {
      return (
        (typeof value === 'object' && value !== null && !Array.isArray(value)) &&
        (typeof value['jid'] === 'string') &&
        (typeof value['fun'] === 'string') &&
        (typeof value['user'] === 'string') &&
        Array.isArray(value['fun_args']) &&
        ((array) => { for(const value of array) if(!((true))) { return false }; return true; })(value['fun_args']) &&
        true &&
        ('return' in value) &&
        (typeof value['success'] === 'boolean')
      )
    }
  })(),
  "local client/runner_job reply": (() => {
    return function check(value) {
      return (
        (value === null)
      )
    }
  })(),
  "local client/runner_new": (() => {
    return function check(value) {
      return (
        (typeof value === 'object' && value !== null && !Array.isArray(value)) &&
        (typeof value['jid'] === 'string') &&
        (typeof value['fun'] === 'string') &&
        Array.isArray(value['fun_args']) &&
        ((array) => { for(const value of array) if(!((true))) { return false }; return true; })(value['fun_args']) &&
        (typeof value['user'] === 'string')
      )
    }
  })(),
  "local client/runner_new reply": (() => {
    return function check(value) {
      return (
        (value === null)
      )
    }
  })(),
  "local client/wheel": (() => {
    const local_0 = /^(.*)$/
    return function check(value) {
      return (
        (typeof value === 'object' && value !== null && !Array.isArray(value)) &&
        (typeof value['fun'] === 'string') &&
        value['fun'].length <= 256 &&
        value['fun'].length >= 1 &&
        Array.isArray(value['arg']) &&
        ((array) => { for(const value of array) if(!((true))) { return false }; return true; })(value['arg']) &&
        (typeof value['kwarg'] === 'object' && value['kwarg'] !== null && !Array.isArray(value['kwarg']) && !(value['kwarg'] instanceof Date) && !(value['kwarg'] instanceof Uint8Array)) &&
        (Object.entries(value['kwarg']).every(([key, value]) => (local_0.test(key) ? (true) : true)))
      )
    }
  })(),
  "local client/wheel reply": (() => {
    const local_0 = /^(.*)$/
    return function check(value) {
      return (
        (typeof value === 'object' && value !== null && !Array.isArray(value) && !(value instanceof Date) && !(value instanceof Uint8Array)) &&
        (Object.entries(value).every(([key, value]) => (local_0.test(key) ? (true) : true)))
      )
    }
  })(),
  "minion requests/_file_hash": (() => {
    return function check(value) {
      return (
        (typeof value === 'object' && value !== null && !Array.isArray(value)) &&
        (typeof value['path'] === 'string') &&
        (typeof value['saltenv'] === 'string')
      )
    }
  })(),
  "minion requests/_file_hash reply": (() => {
    return function check(value) {
      return (
        (((typeof value === 'object' && value !== null && !Array.isArray(value)) && (typeof value['hsum'] === 'string') && (value['hash_type'] === 'sha256')) || ((value === null)))
      )
    }
  })(),
  "minion requests/_file_list": (() => {
    return function check(value) {
      return (
        (typeof value === 'object' && value !== null && !Array.isArray(value)) &&
        (typeof value['saltenv'] === 'string')
      )
    }
  })(),
  "minion requests/_file_list reply": (() => {
    return function check(value) {
      return (
        Array.isArray(value) &&
        ((array) => { for(const value of array) if(!(((typeof value === 'string')))) { return false }; return true; })(value)
      )
    }
  })(),
  "minion requests/_mine": (() => {
    const local_0 = /^(.*)$/
    return function check(value) {
      return (
        (typeof value === 'object' && value !== null && !Array.isArray(value)) &&
        (typeof value['data'] === 'object' && value['data'] !== null && !Array.isArray(value['data']) && !(value['data'] instanceof Date) && !(value['data'] instanceof Uint8Array)) &&
        (Object.entries(value['data']).every(([key, value]) => (local_0.test(key) ? (true) : true))) &&
        (typeof value['clear'] === 'boolean')
      )
    }
  })(),
  "minion requests/_mine reply": (() => {
    return function check(value) {
      return (
        (value === true)
      )
    }
  })(),
  "minion requests/_mine_delete": (() => {
    return function check(value) {
      return (
        (typeof value === 'object' && value !== null && !Array.isArray(value)) &&
        (value['fun'] !== undefined ? ((typeof value['fun'] === 'string')) : true)
      )
    }
  })(),
  "minion requests/_mine_delete reply": (() => {
    return function check(value) {
      return (
        (typeof value === 'boolean')
      )
    }
  })(),
  "minion requests/_mine_get": (() => {
    return function check(value) {
      return (
        (typeof value === 'object' && value !== null && !Array.isArray(value)) &&
        (((typeof value['tgt'] === 'string')) || (Array.isArray(value['tgt']) && ((array) => { for(const value of array) if(!(((typeof value === 'string')))) { return false }; return true; })(value['tgt']))) &&
        (((value['tgt_type'] === 'glob')) || ((value['tgt_type'] === 'pcre')) || ((value['tgt_type'] === 'list')) || ((value['tgt_type'] === 'grain')) || ((value['tgt_type'] === 'grain_pcre')) || ((value['tgt_type'] === 'pillar')) || ((value['tgt_type'] === 'pillar_pcre')) || ((value['tgt_type'] === 'ipcidr')) || ((value['tgt_type'] === 'nodegroup')) || ((value['tgt_type'] === 'compound'))) &&
        (value['delimiter'] !== undefined ? ((typeof value['delimiter'] === 'string')) : true) &&
        (((typeof value['fun'] === 'string')) || (Array.isArray(value['fun']) && ((array) => { for(const value of array) if(!(((typeof value === 'string')))) { return false }; return true; })(value['fun'])))
      )
    }
  })(),
  "minion requests/_mine_get reply": (() => {
    const local_0 = /^(.*)$/
    return function check(value) {
      return (
        (typeof value === 'object' && value !== null && !Array.isArray(value) && !(value instanceof Date) && !(value instanceof Uint8Array)) &&
        (Object.entries(value).every(([key, value]) => (local_0.test(key) ? (true) : true)))
      )
    }
  })(),
  "minion requests/_minion_event": (() => {
    const local_0 = /^(.*)$/
    return function check(value) {
      return (
        (typeof value === 'object' && value !== null && !Array.isArray(value)) &&
        (typeof value['tag'] === 'string') &&
        value['tag'].length <= 512 &&
        value['tag'].length >= 1 &&
        true &&
        ('data' in value) &&
        (value['preload'] !== undefined ? ((typeof value['preload'] === 'object' && value['preload'] !== null && !Array.isArray(value['preload']) && !(value['preload'] instanceof Date) && !(value['preload'] instanceof Uint8Array)) && (Object.entries(value['preload']).every(([key, value]) => (local_0.test(key) ? (true) : true)))) : true)
      )
    }
  })(),
  "minion requests/_minion_event reply": (() => {
    return function check(value) {
      return (
        (value === true)
      )
    }
  })(),
  "minion requests/_minion_start": (() => {
    return function check(value) {
      return (
        (typeof value === 'object' && value !== null && !Array.isArray(value)) &&
        (typeof value['data'] === 'string') &&
        value['data'].length <= 256
      )
    }
  })(),
  "minion requests/_minion_start reply": (() => {
    return function check(value) {
      return (
        (value === true)
      )
    }
  })(),
  "minion requests/_missed_jobs": (() => {
    return function check(value) {
      return (
        (typeof value === 'object' && value !== null && !Array.isArray(value)) &&
        (value['after'] !== undefined ? ((typeof value['after'] === 'string')) : true)
      )
    }
  })(),
  "minion requests/_missed_jobs reply": (() => {
    const local_0 = /^(.*)$/
    const local_1 = /^(.*)$/
    return function check(value) {
      return (
        (typeof value === 'object' && value !== null && !Array.isArray(value)) &&
        Array.isArray(value['jobs']) &&
        ((array) => { for(const value of array) if(!(((typeof value === 'object' && value !== null && !Array.isArray(value)) && (((typeof value['tgt'] === 'string')) || (Array.isArray(value['tgt']) && ((array) => { for(const value of array) if(!(((typeof value === 'string')))) { return false }; return true; })(value['tgt']))) && (((value['tgt_type'] === 'glob')) || ((value['tgt_type'] === 'pcre')) || ((value['tgt_type'] === 'list')) || ((value['tgt_type'] === 'grain')) || ((value['tgt_type'] === 'grain_pcre')) || ((value['tgt_type'] === 'pillar')) || ((value['tgt_type'] === 'pillar_pcre')) || ((value['tgt_type'] === 'ipcidr')) || ((value['tgt_type'] === 'nodegroup')) || ((value['tgt_type'] === 'compound'))) && (value['delimiter'] !== undefined ? ((typeof value['delimiter'] === 'string')) : true) && (typeof value['fun'] === 'string') && Array.isArray(value['arg']) && ((array) => { for(const value of array) if(!((true))) { return false }; return true; })(value['arg']) && (typeof value['kwarg'] === 'object' && value['kwarg'] !== null && !Array.isArray(value['kwarg']) && !(value['kwarg'] instanceof Date) && !(value['kwarg'] instanceof Uint8Array)) && (Object.entries(value['kwarg']).every(([key, value]) => (local_0.test(key) ? (true) : true))) && (typeof value['user'] === 'string') && (value['to'] !== undefined ? (Number.isFinite(value['to']) && value['to'] >= 0) : true) && (value['ret'] !== undefined ? ((typeof value['ret'] === 'string') && value['ret'].length <= 1024) : true) && (value['ret_config'] !== undefined ? ((typeof value['ret_config'] === 'string') && value['ret_config'].length <= 256) : true) && (value['ret_kwargs'] !== undefined ? ((typeof value['ret_kwargs'] === 'object' && value['ret_kwargs'] !== null && !Array.isArray(value['ret_kwargs']) && !(value['ret_kwargs'] instanceof Date) && !(value['ret_kwargs'] instanceof Uint8Array)) && (Object.entries(value['ret_kwargs']).every(([key, value]) => (local_1.test(key) ? (true) : true)))) : true) && (value['force_all'] !== undefined ? ((typeof value['force_all'] === 'boolean')) : true) && (typeof value['jid'] === 'string') && (value['acl'] !== undefined ? ((typeof value['acl'] === 'object' && value['acl'] !== null && !Array.isArray(value['acl'])) && (typeof value['acl']['rule'] === 'string') && value['acl']['rule'].length <= 1024 && value['acl']['rule'].length >= 1) : true)))) { return false }; return true; })(value['jobs']) &&
        (typeof value['more'] === 'boolean')
      )
    }
  })(),
  "minion requests/_pillar": (() => {
    const local_0 = /^(.*)$/
    return function check(value) {
      return (
        (typeof value === 'object' && value !== null && !Array.isArray(value)) &&
        (typeof value['grains'] === 'object' && value['grains'] !== null && !Array.isArray(value['grains']) && !(value['grains'] instanceof Date) && !(value['grains'] instanceof Uint8Array)) &&
        (Object.entries(value['grains']).every(([key, value]) => (local_0.test(key) ? (true) : true))) &&
        (value['saltenv'] !== undefined ? ((typeof value['saltenv'] === 'string')) : true)
      )
    }
  })(),
  "minion requests/_pillar reply": (() => {
    const local_0 = /^(.*)$/
    return function check(value) {
      return (
        (typeof value === 'object' && value !== null && !Array.isArray(value) && !(value instanceof Date) && !(value instanceof Uint8Array)) &&
        (Object.entries(value).every(([key, value]) => (local_0.test(key) ? (true) : true)))
      )
    }
  })(),
  "minion requests/_return": (() => {
    const local_0 = /^(.*)$/
    return function check(value) {
      return (
        (typeof value === 'object' && value !== null && !Array.isArray(value)) &&
        (typeof value['jid'] === 'string') &&
        (typeof value['id'] === 'string') &&
        (typeof value['fun'] === 'string') &&
        Array.isArray(value['fun_args']) &&
        ((array) => { for(const value of array) if(!((true))) { return false }; return true; })(value['fun_args']) &&
        true &&
        ('return' in value) &&
        Number.isFinite(value['retcode']) &&
        (typeof value['success'] === 'boolean') &&
        Number.isFinite(value['started']) &&
        Number.isFinite(value['finished']) &&
        (value['out'] !== undefined ? ((typeof value['out'] === 'string')) : true) &&
        (value['schedule'] !== undefined ? ((typeof value['schedule'] === 'string') && value['schedule'].length <= 256 && value['schedule'].length >= 1) : true) &&
        (value['pid'] !== undefined ? (Number.isInteger(value['pid']) && value['pid'] >= 0) : true) &&
        (value['metadata'] !== undefined ? ((typeof value['metadata'] === 'object' && value['metadata'] !== null && !Array.isArray(value['metadata']) && !(value['metadata'] instanceof Date) && !(value['metadata'] instanceof Uint8Array)) && (Object.entries(value['metadata']).every(([key, value]) => (local_0.test(key) ? (true) : true)))) : true)
      )
    }
  })(),
  "minion requests/_return reply": (() => {
    return function check(value) {
      return (
        (value === true)
      )
    }
  })(),
  "minion requests/_serve_file": (() => {
    return function check(value) {
      return (
        (typeof value === 'object' && value !== null && !Array.isArray(value)) &&
        (typeof value['path'] === 'string') &&
        (typeof value['saltenv'] === 'string') &&
        Number.isFinite(value['loc'])
      )
    }
  })(),
  "minion requests/_serve_file reply": (() => {
    return function check(value) {
      return (
        (typeof value === 'object' && value !== null && !Array.isArray(value)) &&
        value['data'] instanceof Uint8Array &&
        (typeof value['eof'] === 'boolean') &&
        (typeof value['hsum'] === 'string')
      )
    }
  })(),
  "minion requests/_slot_acquire": (() => {
    const local_0 = /^[A-Za-z0-9_.:-]{1,128}$/;
    return function check(value) {
      return (
        (typeof value === 'object' && value !== null && !Array.isArray(value)) &&
        (typeof value['group'] === 'string') &&
        local_0.test(value['group']) &&
        (typeof value['run'] === 'string') &&
        value['run'].length <= 64 &&
        value['run'].length >= 1 &&
        (value['limit'] !== undefined ? (Number.isInteger(value['limit']) && value['limit'] <= 10000 && value['limit'] >= 1) : true) &&
        Number.isInteger(value['lease']) &&
        value['lease'] <= 86400 &&
        value['lease'] >= 1 &&
        Number.isFinite(value['wait']) &&
        value['wait'] <= 25 &&
        value['wait'] >= 0
      )
    }
  })(),
  "minion requests/_slot_acquire reply": (() => {
    return function check(value) {
      return (
        (typeof value === 'object' && value !== null && !Array.isArray(value)) &&
        (typeof value['granted'] === 'boolean') &&
        Number.isInteger(value['limit']) &&
        Number.isInteger(value['holders']) &&
        Number.isInteger(value['waiting'])
      )
    }
  })(),
  "minion requests/_slot_release": (() => {
    const local_0 = /^[A-Za-z0-9_.:-]{1,128}$/;
    return function check(value) {
      return (
        (typeof value === 'object' && value !== null && !Array.isArray(value)) &&
        (typeof value['group'] === 'string') &&
        local_0.test(value['group']) &&
        (typeof value['run'] === 'string') &&
        value['run'].length <= 64 &&
        value['run'].length >= 1
      )
    }
  })(),
  "minion requests/_slot_release reply": (() => {
    return function check(value) {
      return (
        (typeof value === 'boolean')
      )
    }
  })(),
  "pub body": (() => {
    return function check(value) {
      return (
        (typeof value === 'object' && value !== null && !Array.isArray(value)) &&
        Number.isFinite(value['gen']) &&
        value['nonce'] instanceof Uint8Array &&
        (value['nonce'].length <= 24) &&
        (value['nonce'].length >= 24) &&
        value['box'] instanceof Uint8Array
      )
    }
  })(),
  "publication": (() => {
    return function check(value) {
      return (
        (typeof value === 'object' && value !== null && !Array.isArray(value)) &&
        (value['v'] === 1) &&
        (((value['cmd'] === 'pub')) || ((value['cmd'] === 'rotate')) || ((value['cmd'] === 'hello')) || ((value['cmd'] === 'accepted'))) &&
        value['body'] instanceof Uint8Array &&
        value['sig'] instanceof Uint8Array &&
        (value['sig'].length <= 64) &&
        (value['sig'].length >= 64)
      )
    }
  })(),
  "reply": (() => {
    return function check(value) {
      return (
        (((typeof value === 'object' && value !== null && !Array.isArray(value)) && (value['v'] === 1) && Number.isFinite(value['rid'])) && ((((typeof value === 'object' && value !== null && !Array.isArray(value)) && (value['ok'] === true) && true && ('rep' in value)) || ((typeof value === 'object' && value !== null && !Array.isArray(value)) && (value['ok'] === false) && (typeof value['error'] === 'object' && value['error'] !== null && !Array.isArray(value['error'])) && (((value['error']['code'] === 'auth')) || ((value['error']['code'] === 'denied')) || ((value['error']['code'] === 'not_found')) || ((value['error']['code'] === 'invalid')) || ((value['error']['code'] === 'unavailable')) || ((value['error']['code'] === 'failed')) || ((value['error']['code'] === 'internal'))) && (typeof value['error']['message'] === 'string') && (value['error']['hint'] !== undefined ? ((typeof value['error']['hint'] === 'string')) : true)))))
      )
    }
  })(),
  "request": (() => {
    return function check(value) {
      return (
        (typeof value === 'object' && value !== null && !Array.isArray(value)) &&
        (value['v'] === 1) &&
        Number.isFinite(value['rid']) &&
        (typeof value['cmd'] === 'string') &&
        true &&
        ('req' in value) &&
        (value['key'] !== undefined ? ((typeof value['key'] === 'string')) : true) &&
        (value['sudo_user'] !== undefined ? ((typeof value['sudo_user'] === 'string') && value['sudo_user'].length <= 64 && value['sudo_user'].length >= 1) : true)
      )
    }
  })(),
  "request port/auth": (() => {
    return function check(value) {
      return (
        (typeof value === 'object' && value !== null && !Array.isArray(value)) &&
        (typeof value['id'] === 'string') &&
        value['box'] instanceof Uint8Array &&
        (value['box'].length <= 32) &&
        (value['box'].length >= 32) &&
        value['sign'] instanceof Uint8Array &&
        (value['sign'].length <= 32) &&
        (value['sign'].length >= 32) &&
        value['token'] instanceof Uint8Array &&
        (value['token'].length <= 16) &&
        (value['token'].length >= 16)
      )
    }
  })(),
  "request port/auth reply": (() => {
    return function check(value) {
      return (
        (typeof value === 'object' && value !== null && !Array.isArray(value)) &&
        value['body'] instanceof Uint8Array &&
        value['sig'] instanceof Uint8Array &&
        (value['sig'].length <= 64) &&
        (value['sig'].length >= 64)
      )
    }
  })(),
  "request port/client_auth": (() => {
    return function check(value) {
      return (
        (typeof value === 'object' && value !== null && !Array.isArray(value)) &&
        (typeof value['id'] === 'string') &&
        value['box'] instanceof Uint8Array &&
        (value['box'].length <= 32) &&
        (value['box'].length >= 32) &&
        value['sign'] instanceof Uint8Array &&
        (value['sign'].length <= 32) &&
        (value['sign'].length >= 32) &&
        value['token'] instanceof Uint8Array &&
        (value['token'].length <= 16) &&
        (value['token'].length >= 16)
      )
    }
  })(),
  "request port/client_auth reply": (() => {
    return function check(value) {
      return (
        (typeof value === 'object' && value !== null && !Array.isArray(value)) &&
        value['body'] instanceof Uint8Array &&
        value['sig'] instanceof Uint8Array &&
        (value['sig'].length <= 64) &&
        (value['sig'].length >= 64)
      )
    }
  })(),
  "request port/client_req": (() => {
    return function check(value) {
      return (
        (typeof value === 'object' && value !== null && !Array.isArray(value)) &&
        (typeof value['id'] === 'string') &&
        value['nonce'] instanceof Uint8Array &&
        (value['nonce'].length <= 24) &&
        (value['nonce'].length >= 24) &&
        value['box'] instanceof Uint8Array
      )
    }
  })(),
  "request port/client_req reply": (() => {
    return function check(value) {
      return (
        (typeof value === 'object' && value !== null && !Array.isArray(value)) &&
        value['nonce'] instanceof Uint8Array &&
        (value['nonce'].length <= 24) &&
        (value['nonce'].length >= 24) &&
        value['box'] instanceof Uint8Array
      )
    }
  })(),
  "request port/req": (() => {
    return function check(value) {
      return (
        (typeof value === 'object' && value !== null && !Array.isArray(value)) &&
        (typeof value['id'] === 'string') &&
        value['nonce'] instanceof Uint8Array &&
        (value['nonce'].length <= 24) &&
        (value['nonce'].length >= 24) &&
        value['box'] instanceof Uint8Array
      )
    }
  })(),
  "request port/req reply": (() => {
    return function check(value) {
      return (
        (typeof value === 'object' && value !== null && !Array.isArray(value)) &&
        value['nonce'] instanceof Uint8Array &&
        (value['nonce'].length <= 24) &&
        (value['nonce'].length >= 24) &&
        value['box'] instanceof Uint8Array
      )
    }
  })(),
  "rotate body": (() => {
    return function check(value) {
      return (
        (typeof value === 'object' && value !== null && !Array.isArray(value)) &&
        Number.isFinite(value['gen'])
      )
    }
  })(),
  "sealed reply": (() => {
    return function check(value) {
      return (
        (((((typeof value === 'object' && value !== null && !Array.isArray(value)) && (value['ok'] === true) && true && ('rep' in value)) || ((typeof value === 'object' && value !== null && !Array.isArray(value)) && (value['ok'] === false) && (typeof value['error'] === 'object' && value['error'] !== null && !Array.isArray(value['error'])) && (((value['error']['code'] === 'auth')) || ((value['error']['code'] === 'denied')) || ((value['error']['code'] === 'not_found')) || ((value['error']['code'] === 'invalid')) || ((value['error']['code'] === 'unavailable')) || ((value['error']['code'] === 'failed')) || ((value['error']['code'] === 'internal'))) && (typeof value['error']['message'] === 'string') && (value['error']['hint'] !== undefined ? ((typeof value['error']['hint'] === 'string')) : true)))) && ((typeof value === 'object' && value !== null && !Array.isArray(value)) && value['tag'] instanceof Uint8Array && (value['tag'].length <= 16) && (value['tag'].length >= 16)))
      )
    }
  })(),
  "sealed request": (() => {
    return function check(value) {
      return (
        (typeof value === 'object' && value !== null && !Array.isArray(value)) &&
        (typeof value['cmd'] === 'string') &&
        true &&
        ('req' in value) &&
        value['tag'] instanceof Uint8Array &&
        (value['tag'].length <= 16) &&
        (value['tag'].length >= 16) &&
        value['ticket'] instanceof Uint8Array &&
        (value['ticket'].length <= 16) &&
        (value['ticket'].length >= 16) &&
        Number.isInteger(value['seq']) &&
        value['seq'] <= 9007199254740991 &&
        value['seq'] >= 1
      )
    }
  })(),
  "session grant": (() => {
    return function check(value) {
      return (
        (typeof value === 'object' && value !== null && !Array.isArray(value)) &&
        Number.isFinite(value['gen']) &&
        value['key'] instanceof Uint8Array &&
        (value['key'].length <= 32) &&
        (value['key'].length >= 32) &&
        (typeof value['now'] === 'string') &&
        value['ticket'] instanceof Uint8Array &&
        (value['ticket'].length <= 16) &&
        (value['ticket'].length >= 16) &&
        (value['open'] !== undefined ? ((typeof value['open'] === 'boolean')) : true)
      )
    }
  })(),
};
