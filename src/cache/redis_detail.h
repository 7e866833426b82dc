// Internal to cache/: hiredis plumbing shared by RedisClient and Subscriber.
#pragma once

#include <span>
#include <string>
#include <string_view>

#include "cache/redis.h"

struct redisReply;

namespace cache::detail {

// Opens a connection with the connect timeout, sets the command timeout, enables TCP
// keepalive, then AUTH and SELECT as the endpoint says. Throws RedisError; never returns null.
redisContext* connect(const RedisEndpoint& endpoint, const RedisOptions& options);

// Sends argv and reads the reply. Throws RedisError when the connection failed, after which the
// context must be freed.
RedisReply run(redisContext* context, std::span<const std::string_view> argv);

// Deep copy of a hiredis reply.
RedisReply to_reply(const redisReply* reply);

// "host:port/db" for log lines (never the credentials).
std::string describe(const RedisEndpoint& endpoint);

}  // namespace cache::detail
