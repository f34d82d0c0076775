/**
 * What rbench knows about Redis commands without asking a server: arity and key positions in the
 * same convention as the server's COMMAND reply (arity counts the command name; a negative arity
 * means "at least"; lastKey -1 is the last argument), plus flags that decide where a command may
 * appear in a scenario. Checked before anything is sent, and again against COMMAND once connected.
 */

/** How a command with movable keys says how many keys follow (ZINTERSTORE dst numkeys k1 k2 ...). */
export interface NumkeysSpec {
  /** Index of the numkeys argument (the command name is index 0). */
  at: number;
  /** Whether argument 1 is a destination key besides the counted keys. */
  destination: boolean;
}

export interface CommandSpec {
  name: string;
  arity: number;
  firstKey: number;
  lastKey: number;
  step: number;
  readOnly: boolean;
  /** Blocks its connection until data arrives (BLPOP...): allowed only under `consumers:`. */
  blocking: boolean;
  /** Keys counted by a numkeys argument instead of fixed positions. */
  numkeys: NumkeysSpec | null;
  /** Index of a timeout argument in seconds (negative counts from the end), for blocking commands. */
  timeoutAt: number | null;
  /** Human form used in messages, e.g. "ZADD key score member". */
  usage: string;
}

type Row = [arity: number, firstKey: number, lastKey: number, step: number, flags: string, usage: string];

// Flags: r read-only, w write, b blocking, m movable keys (see NUMKEYS).
const ROWS: Record<string, Row> = {
  // strings
  SET: [-3, 1, 1, 1, 'w', 'SET key value [NX|XX] [GET] [EX seconds|PX milliseconds|EXAT|PXAT|KEEPTTL]'],
  SETEX: [4, 1, 1, 1, 'w', 'SETEX key seconds value'],
  PSETEX: [4, 1, 1, 1, 'w', 'PSETEX key milliseconds value'],
  SETNX: [3, 1, 1, 1, 'w', 'SETNX key value'],
  MSET: [-3, 1, -1, 2, 'w', 'MSET key value [key value ...]'],
  MSETNX: [-3, 1, -1, 2, 'w', 'MSETNX key value [key value ...]'],
  SETRANGE: [4, 1, 1, 1, 'w', 'SETRANGE key offset value'],
  SETBIT: [4, 1, 1, 1, 'w', 'SETBIT key offset 0|1'],
  INCR: [2, 1, 1, 1, 'w', 'INCR key'],
  INCRBY: [3, 1, 1, 1, 'w', 'INCRBY key increment'],
  INCRBYFLOAT: [3, 1, 1, 1, 'w', 'INCRBYFLOAT key increment'],
  DECR: [2, 1, 1, 1, 'w', 'DECR key'],
  DECRBY: [3, 1, 1, 1, 'w', 'DECRBY key decrement'],
  APPEND: [3, 1, 1, 1, 'w', 'APPEND key value'],
  GETSET: [3, 1, 1, 1, 'w', 'GETSET key value'],
  GETDEL: [2, 1, 1, 1, 'w', 'GETDEL key'],
  GETEX: [-2, 1, 1, 1, 'w', 'GETEX key [EX seconds|PX milliseconds|PERSIST]'],
  GET: [2, 1, 1, 1, 'r', 'GET key'],
  GETBIT: [3, 1, 1, 1, 'r', 'GETBIT key offset'],
  GETRANGE: [4, 1, 1, 1, 'r', 'GETRANGE key start end'],
  MGET: [-2, 1, -1, 1, 'r', 'MGET key [key ...]'],
  BITCOUNT: [-2, 1, 1, 1, 'r', 'BITCOUNT key [start end [BYTE|BIT]]'],
  BITPOS: [-3, 1, 1, 1, 'r', 'BITPOS key bit [start [end]]'],
  BITOP: [-4, 2, -1, 1, 'w', 'BITOP operation destkey key [key ...]'],
  STRLEN: [2, 1, 1, 1, 'r', 'STRLEN key'],
  // hashes
  HSET: [-4, 1, 1, 1, 'w', 'HSET key field value [field value ...]'],
  HMSET: [-4, 1, 1, 1, 'w', 'HMSET key field value [field value ...]'],
  HSETNX: [4, 1, 1, 1, 'w', 'HSETNX key field value'],
  HINCRBY: [4, 1, 1, 1, 'w', 'HINCRBY key field increment'],
  HINCRBYFLOAT: [4, 1, 1, 1, 'w', 'HINCRBYFLOAT key field increment'],
  HGET: [3, 1, 1, 1, 'r', 'HGET key field'],
  HMGET: [-3, 1, 1, 1, 'r', 'HMGET key field [field ...]'],
  HGETALL: [2, 1, 1, 1, 'r', 'HGETALL key'],
  HLEN: [2, 1, 1, 1, 'r', 'HLEN key'],
  HKEYS: [2, 1, 1, 1, 'r', 'HKEYS key'],
  HVALS: [2, 1, 1, 1, 'r', 'HVALS key'],
  HEXISTS: [3, 1, 1, 1, 'r', 'HEXISTS key field'],
  HSTRLEN: [3, 1, 1, 1, 'r', 'HSTRLEN key field'],
  HRANDFIELD: [-2, 1, 1, 1, 'r', 'HRANDFIELD key [count [WITHVALUES]]'],
  HSCAN: [-3, 1, 1, 1, 'r', 'HSCAN key cursor [MATCH pattern] [COUNT count]'],
  HDEL: [-3, 1, 1, 1, 'w', 'HDEL key field [field ...]'],
  // lists
  LINSERT: [5, 1, 1, 1, 'w', 'LINSERT key BEFORE|AFTER pivot element'],
  LPUSH: [-3, 1, 1, 1, 'w', 'LPUSH key element [element ...]'],
  RPUSH: [-3, 1, 1, 1, 'w', 'RPUSH key element [element ...]'],
  LPUSHX: [-3, 1, 1, 1, 'w', 'LPUSHX key element [element ...]'],
  RPUSHX: [-3, 1, 1, 1, 'w', 'RPUSHX key element [element ...]'],
  LSET: [4, 1, 1, 1, 'w', 'LSET key index element'],
  LPOP: [-2, 1, 1, 1, 'w', 'LPOP key [count]'],
  RPOP: [-2, 1, 1, 1, 'w', 'RPOP key [count]'],
  RPOPLPUSH: [3, 1, 2, 1, 'w', 'RPOPLPUSH source destination'],
  LMOVE: [5, 1, 2, 1, 'w', 'LMOVE source destination LEFT|RIGHT LEFT|RIGHT'],
  BLPOP: [-3, 1, -2, 1, 'wb', 'BLPOP key [key ...] timeout'],
  BRPOP: [-3, 1, -2, 1, 'wb', 'BRPOP key [key ...] timeout'],
  BRPOPLPUSH: [4, 1, 2, 1, 'wb', 'BRPOPLPUSH source destination timeout'],
  BLMOVE: [6, 1, 2, 1, 'wb', 'BLMOVE source destination LEFT|RIGHT LEFT|RIGHT timeout'],
  LREM: [4, 1, 1, 1, 'w', 'LREM key count element'],
  LTRIM: [4, 1, 1, 1, 'w', 'LTRIM key start stop'],
  LINDEX: [3, 1, 1, 1, 'r', 'LINDEX key index'],
  LLEN: [2, 1, 1, 1, 'r', 'LLEN key'],
  LRANGE: [4, 1, 1, 1, 'r', 'LRANGE key start stop'],
  LPOS: [-3, 1, 1, 1, 'r', 'LPOS key element [RANK rank] [COUNT n] [MAXLEN len]'],
  // sets
  SADD: [-3, 1, 1, 1, 'w', 'SADD key member [member ...]'],
  SREM: [-3, 1, 1, 1, 'w', 'SREM key member [member ...]'],
  SMOVE: [4, 1, 2, 1, 'w', 'SMOVE source destination member'],
  SPOP: [-2, 1, 1, 1, 'w', 'SPOP key [count]'],
  SCARD: [2, 1, 1, 1, 'r', 'SCARD key'],
  SMEMBERS: [2, 1, 1, 1, 'r', 'SMEMBERS key'],
  SISMEMBER: [3, 1, 1, 1, 'r', 'SISMEMBER key member'],
  SMISMEMBER: [-3, 1, 1, 1, 'r', 'SMISMEMBER key member [member ...]'],
  SRANDMEMBER: [-2, 1, 1, 1, 'r', 'SRANDMEMBER key [count]'],
  SDIFF: [-2, 1, -1, 1, 'r', 'SDIFF key [key ...]'],
  SINTER: [-2, 1, -1, 1, 'r', 'SINTER key [key ...]'],
  SUNION: [-2, 1, -1, 1, 'r', 'SUNION key [key ...]'],
  SDIFFSTORE: [-3, 1, -1, 1, 'w', 'SDIFFSTORE destination key [key ...]'],
  SINTERSTORE: [-3, 1, -1, 1, 'w', 'SINTERSTORE destination key [key ...]'],
  SUNIONSTORE: [-3, 1, -1, 1, 'w', 'SUNIONSTORE destination key [key ...]'],
  SSCAN: [-3, 1, 1, 1, 'r', 'SSCAN key cursor [MATCH pattern] [COUNT count]'],
  // sorted sets
  ZADD: [-4, 1, 1, 1, 'w', 'ZADD key score member'],
  ZINCRBY: [4, 1, 1, 1, 'w', 'ZINCRBY key increment member'],
  ZREM: [-3, 1, 1, 1, 'w', 'ZREM key member [member ...]'],
  ZREMRANGEBYRANK: [4, 1, 1, 1, 'w', 'ZREMRANGEBYRANK key start stop'],
  ZREMRANGEBYSCORE: [4, 1, 1, 1, 'w', 'ZREMRANGEBYSCORE key min max'],
  ZREMRANGEBYLEX: [4, 1, 1, 1, 'w', 'ZREMRANGEBYLEX key min max'],
  ZINTERSTORE: [-4, 1, 1, 1, 'wm', 'ZINTERSTORE destination numkeys key [key ...] [WEIGHTS w ...] [AGGREGATE SUM|MIN|MAX]'],
  ZUNIONSTORE: [-4, 1, 1, 1, 'wm', 'ZUNIONSTORE destination numkeys key [key ...] [WEIGHTS w ...] [AGGREGATE SUM|MIN|MAX]'],
  ZDIFFSTORE: [-4, 1, 1, 1, 'wm', 'ZDIFFSTORE destination numkeys key [key ...]'],
  ZINTER: [-3, 0, 0, 0, 'rm', 'ZINTER numkeys key [key ...] [WITHSCORES]'],
  ZUNION: [-3, 0, 0, 0, 'rm', 'ZUNION numkeys key [key ...] [WITHSCORES]'],
  ZDIFF: [-3, 0, 0, 0, 'rm', 'ZDIFF numkeys key [key ...] [WITHSCORES]'],
  ZCARD: [2, 1, 1, 1, 'r', 'ZCARD key'],
  ZCOUNT: [4, 1, 1, 1, 'r', 'ZCOUNT key min max'],
  ZLEXCOUNT: [4, 1, 1, 1, 'r', 'ZLEXCOUNT key min max'],
  ZRANGE: [-4, 1, 1, 1, 'r', 'ZRANGE key start stop [BYSCORE|BYLEX] [REV] [LIMIT offset count] [WITHSCORES]'],
  ZREVRANGE: [-4, 1, 1, 1, 'r', 'ZREVRANGE key start stop [WITHSCORES]'],
  ZRANGEBYSCORE: [-4, 1, 1, 1, 'r', 'ZRANGEBYSCORE key min max [WITHSCORES] [LIMIT offset count]'],
  ZREVRANGEBYSCORE: [-4, 1, 1, 1, 'r', 'ZREVRANGEBYSCORE key max min [WITHSCORES] [LIMIT offset count]'],
  ZRANGEBYLEX: [-4, 1, 1, 1, 'r', 'ZRANGEBYLEX key min max [LIMIT offset count]'],
  ZREVRANGEBYLEX: [-4, 1, 1, 1, 'r', 'ZREVRANGEBYLEX key max min [LIMIT offset count]'],
  ZRANK: [-3, 1, 1, 1, 'r', 'ZRANK key member'],
  ZREVRANK: [-3, 1, 1, 1, 'r', 'ZREVRANK key member'],
  ZSCORE: [3, 1, 1, 1, 'r', 'ZSCORE key member'],
  ZMSCORE: [-3, 1, 1, 1, 'r', 'ZMSCORE key member [member ...]'],
  ZRANDMEMBER: [-2, 1, 1, 1, 'r', 'ZRANDMEMBER key [count [WITHSCORES]]'],
  ZPOPMIN: [-2, 1, 1, 1, 'w', 'ZPOPMIN key [count]'],
  ZPOPMAX: [-2, 1, 1, 1, 'w', 'ZPOPMAX key [count]'],
  BZPOPMIN: [-3, 1, -2, 1, 'wb', 'BZPOPMIN key [key ...] timeout'],
  BZPOPMAX: [-3, 1, -2, 1, 'wb', 'BZPOPMAX key [key ...] timeout'],
  ZSCAN: [-3, 1, 1, 1, 'r', 'ZSCAN key cursor [MATCH pattern] [COUNT count]'],
  // generic keys
  DEL: [-2, 1, -1, 1, 'w', 'DEL key [key ...]'],
  UNLINK: [-2, 1, -1, 1, 'w', 'UNLINK key [key ...]'],
  EXISTS: [-2, 1, -1, 1, 'r', 'EXISTS key [key ...]'],
  TOUCH: [-2, 1, -1, 1, 'r', 'TOUCH key [key ...]'],
  EXPIRE: [-3, 1, 1, 1, 'w', 'EXPIRE key seconds [NX|XX|GT|LT]'],
  PEXPIRE: [-3, 1, 1, 1, 'w', 'PEXPIRE key milliseconds [NX|XX|GT|LT]'],
  EXPIREAT: [-3, 1, 1, 1, 'w', 'EXPIREAT key unix-time-seconds'],
  PERSIST: [2, 1, 1, 1, 'w', 'PERSIST key'],
  TTL: [2, 1, 1, 1, 'r', 'TTL key'],
  PTTL: [2, 1, 1, 1, 'r', 'PTTL key'],
  TYPE: [2, 1, 1, 1, 'r', 'TYPE key'],
  RENAME: [3, 1, 2, 1, 'w', 'RENAME key newkey'],
  RENAMENX: [3, 1, 2, 1, 'w', 'RENAMENX key newkey'],
  COPY: [-3, 1, 2, 1, 'w', 'COPY source destination [DB db] [REPLACE]'],
  MOVE: [3, 1, 1, 1, 'w', 'MOVE key db'],
  DUMP: [2, 1, 1, 1, 'r', 'DUMP key'],
  RANDOMKEY: [1, 0, 0, 0, 'r', 'RANDOMKEY'],
  KEYS: [2, 0, 0, 0, 'r', 'KEYS pattern'],
  SCAN: [-2, 0, 0, 0, 'r', 'SCAN cursor [MATCH pattern] [COUNT count] [TYPE type]'],
  DBSIZE: [1, 0, 0, 0, 'r', 'DBSIZE'],
  // other families worth benchmarking
  PFADD: [-2, 1, 1, 1, 'w', 'PFADD key [element ...]'],
  PFCOUNT: [-2, 1, -1, 1, 'r', 'PFCOUNT key [key ...]'],
  PFMERGE: [-2, 1, -1, 1, 'w', 'PFMERGE destkey [sourcekey ...]'],
  GEOADD: [-5, 1, 1, 1, 'w', 'GEOADD key longitude latitude member'],
  GEODIST: [-4, 1, 1, 1, 'r', 'GEODIST key member1 member2 [unit]'],
  GEOSEARCH: [-7, 1, 1, 1, 'r', 'GEOSEARCH key FROMMEMBER member|FROMLONLAT lon lat BYRADIUS r unit|BYBOX w h unit'],
  XADD: [-5, 1, 1, 1, 'w', 'XADD key id|* field value [field value ...]'],
  XLEN: [2, 1, 1, 1, 'r', 'XLEN key'],
  XRANGE: [-4, 1, 1, 1, 'r', 'XRANGE key start end [COUNT count]'],
  XTRIM: [-4, 1, 1, 1, 'w', 'XTRIM key MAXLEN|MINID threshold'],
  EVAL: [-3, 0, 0, 0, 'wm', 'EVAL script numkeys [key ...] [arg ...]'],
  EVALSHA: [-3, 0, 0, 0, 'wm', 'EVALSHA sha1 numkeys [key ...] [arg ...]'],
  PUBLISH: [3, 0, 0, 0, 'r', 'PUBLISH channel message'],
  SPUBLISH: [3, 1, 1, 1, 'r', 'SPUBLISH shardchannel message'],
  PING: [-1, 0, 0, 0, 'r', 'PING [message]'],
  ECHO: [2, 0, 0, 0, 'r', 'ECHO message'],
  TIME: [1, 0, 0, 0, 'r', 'TIME'],
  INFO: [-1, 0, 0, 0, 'r', 'INFO [section ...]'],
  // Blocks its connection until replicas acknowledge or the timeout passes: the cost of durability.
  WAIT: [3, 0, 0, 0, '', 'WAIT numreplicas timeout'],
};

const NUMKEYS: Record<string, NumkeysSpec> = {
  ZINTERSTORE: { at: 2, destination: true },
  ZUNIONSTORE: { at: 2, destination: true },
  ZDIFFSTORE: { at: 2, destination: true },
  ZINTER: { at: 1, destination: false },
  ZUNION: { at: 1, destination: false },
  ZDIFF: { at: 1, destination: false },
  EVAL: { at: 2, destination: false },
  EVALSHA: { at: 2, destination: false },
};

const TIMEOUT_AT: Record<string, number> = { BLPOP: -1, BRPOP: -1, BZPOPMIN: -1, BZPOPMAX: -1, BRPOPLPUSH: 3, BLMOVE: 5 };

// Commands a template must not send: rbench owns connection state, transactions and subscriptions,
// and a benchmark must not wipe data it did not create.
const RESERVED: Record<string, string> = {
  MULTI: 'write the commands of a transaction as `multi: [...]` and rbench sends MULTI and EXEC around them',
  EXEC: 'write the commands of a transaction as `multi: [...]` and rbench sends MULTI and EXEC around them',
  DISCARD: 'write the commands of a transaction as `multi: [...]`',
  WATCH: 'WATCH needs a read-modify-write loop that a fixed template cannot express',
  UNWATCH: 'WATCH needs a read-modify-write loop that a fixed template cannot express',
  SUBSCRIBE: 'subscribers are a role: use a top-level `subscribers:` section',
  PSUBSCRIBE: 'subscribers are a role: use `subscribers: { patterns: [...] }`',
  SSUBSCRIBE: 'subscribers are a role: use a top-level `subscribers:` section',
  UNSUBSCRIBE: 'rbench manages subscriptions itself',
  PUNSUBSCRIBE: 'rbench manages subscriptions itself',
  MONITOR: 'MONITOR turns the connection into a stream and slows the server down',
  SELECT: 'SELECT changes the database of a pooled connection; put the database in --target instead',
  AUTH: 'credentials belong in --target, never in a scenario',
  HELLO: 'rbench negotiates the protocol itself',
  QUIT: 'rbench manages connections itself',
  RESET: 'rbench manages connections itself',
  CLIENT: 'rbench manages connections itself',
  FLUSHDB: 'it wipes data this scenario did not create',
  FLUSHALL: 'it wipes data this scenario did not create',
  SHUTDOWN: 'it stops the server',
  DEBUG: 'it can crash or stall the server',
};

/** The spec of a known command (upper-case name), or null. */
export function commandSpec(name: string): CommandSpec | null {
  const row = ROWS[name];
  if (!row) return null;
  const [arity, firstKey, lastKey, step, flags, usage] = row;
  return {
    name,
    arity,
    firstKey,
    lastKey,
    step,
    readOnly: flags.includes('r'),
    blocking: flags.includes('b'),
    numkeys: NUMKEYS[name] ?? null,
    timeoutAt: TIMEOUT_AT[name] ?? null,
    usage,
  };
}

/** Why a command may not appear in a template at all, or null when it may. */
export function reservedReason(name: string): string | null {
  return RESERVED[name] ?? null;
}

/** Every command name in the table, for "did you mean" hints. */
export function knownCommandNames(): string[] {
  return [...Object.keys(ROWS), ...Object.keys(RESERVED)];
}
