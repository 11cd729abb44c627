// corelb_rawnet: the few Linux socket calls the agent needs and Node cannot make. Node has no
// AF_PACKET socket (the source-routed report is a bare Ethernet frame) and no raw IPv6 socket
// (the IPv6 report sets the traffic class and flow label and carries no transport header).
// Everything else (framing, encoding, scheduling) stays in TypeScript; this file only opens,
// sends on, receives from and closes file descriptors.
//
// Each function that opens a socket may take a network namespace path (/run/netns/NAME): the
// calling thread enters it for the socket() and bind() calls only and then returns to its own.
// A socket belongs to the namespace it was created in for its whole life, so the rest of the
// process is unaffected; setns(CLONE_NEWNET) is allowed in a multi-threaded process.

#define _GNU_SOURCE
#include <node_api.h>

#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <linux/if_ether.h>
#include <linux/if_packet.h>
#include <net/if.h>
#include <netinet/in.h>
#include <poll.h>
#include <sched.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#define MAX_FRAME 65536

static napi_value throw_errno(napi_env env, const char *what, int err) {
  char message[256];
  snprintf(message, sizeof message, "%s: %s", what, strerror(err));
  napi_value code_value, message_value, error;
  const char *code = strerrorname_np(err);
  napi_create_string_utf8(env, code != NULL ? code : "EUNKNOWN", NAPI_AUTO_LENGTH, &code_value);
  napi_create_string_utf8(env, message, NAPI_AUTO_LENGTH, &message_value);
  napi_create_error(env, code_value, message_value, &error);
  napi_throw(env, error);
  return NULL;
}

static napi_value throw_type(napi_env env, const char *message) {
  napi_throw_type_error(env, "ERR_INVALID_ARG", message);
  return NULL;
}

static int get_args(napi_env env, napi_callback_info info, size_t want, napi_value *argv) {
  size_t argc = want;
  if (napi_get_cb_info(env, info, &argc, argv, NULL, NULL) != napi_ok) return -1;
  return argc < want ? -1 : 0;
}

static int get_int(napi_env env, napi_value value, int32_t *out) {
  napi_valuetype type;
  napi_typeof(env, value, &type);
  if (type != napi_number) return -1;
  return napi_get_value_int32(env, value, out) == napi_ok ? 0 : -1;
}

// Reads a string argument into buf; a JS null or undefined gives an empty string.
static int get_optional_string(napi_env env, napi_value value, char *buf, size_t size) {
  napi_valuetype type;
  napi_typeof(env, value, &type);
  buf[0] = '\0';
  if (type == napi_null || type == napi_undefined) return 0;
  if (type != napi_string) return -1;
  size_t length;
  if (napi_get_value_string_utf8(env, value, buf, size, &length) != napi_ok) return -1;
  return length + 1 < size ? 0 : -1;
}

static int get_bytes(napi_env env, napi_value value, void **data, size_t *length) {
  bool is_typed;
  napi_is_typedarray(env, value, &is_typed);
  if (!is_typed) return -1;
  napi_typedarray_type type;
  napi_value buffer;
  size_t offset;
  if (napi_get_typedarray_info(env, value, &type, length, data, &buffer, &offset) != napi_ok) return -1;
  return type == napi_uint8_array ? 0 : -1;
}

static napi_value make_int(napi_env env, int32_t n) {
  napi_value v;
  napi_create_int32(env, n, &v);
  return v;
}

// Enters the namespace at path (when not empty); *saved gets the fd to return with, or -1.
static int enter_netns(const char *path, int *saved, int *err) {
  *saved = -1;
  if (path[0] == '\0') return 0;
  int target = open(path, O_RDONLY | O_CLOEXEC);
  if (target < 0) { *err = errno; return -1; }
  *saved = open("/proc/thread-self/ns/net", O_RDONLY | O_CLOEXEC);
  if (*saved < 0 || setns(target, CLONE_NEWNET) != 0) {
    *err = errno;
    close(target);
    if (*saved >= 0) close(*saved);
    *saved = -1;
    return -1;
  }
  close(target);
  return 0;
}

static void leave_netns(int saved) {
  if (saved < 0) return;
  // Returning to the namespace we came from cannot fail short of the kernel losing it.
  if (setns(saved, CLONE_NEWNET) != 0) perror("corelb_rawnet: setns back");
  close(saved);
}

// openPacketSocket(ifname, protocol, netns): an AF_PACKET SOCK_RAW socket bound to ifname.
// protocol is the EtherType it receives (0x0003 = all, 0 = none: a socket that only sends).
static napi_value open_packet_socket(napi_env env, napi_callback_info info) {
  napi_value argv[3];
  char ifname[IF_NAMESIZE], netns[4096];
  int32_t protocol;
  if (get_args(env, info, 3, argv) != 0 || get_optional_string(env, argv[0], ifname, sizeof ifname) != 0 || ifname[0] == '\0' ||
      get_int(env, argv[1], &protocol) != 0 || protocol < 0 || protocol > 0xffff || get_optional_string(env, argv[2], netns, sizeof netns) != 0) {
    return throw_type(env, "openPacketSocket(ifname: string (< 16 bytes), protocol: 0..65535, netns: string | null)");
  }
  int saved, err = 0;
  if (enter_netns(netns, &saved, &err) != 0) return throw_errno(env, "entering the network namespace", err);
  const char *failed = NULL;
  int fd = socket(AF_PACKET, SOCK_RAW | SOCK_CLOEXEC, htons((uint16_t)protocol));
  if (fd < 0) {
    failed = "socket(AF_PACKET)";
  } else {
    struct sockaddr_ll address;
    memset(&address, 0, sizeof address);
    address.sll_family = AF_PACKET;
    address.sll_protocol = htons((uint16_t)protocol);
    address.sll_ifindex = (int)if_nametoindex(ifname);
    if (address.sll_ifindex == 0) failed = "no such interface";
    else if (bind(fd, (struct sockaddr *)&address, sizeof address) != 0) failed = "bind(AF_PACKET)";
  }
  err = errno;
  leave_netns(saved);
  if (failed != NULL) {
    if (fd >= 0) close(fd);
    return throw_errno(env, failed, err);
  }
  return make_int(env, fd);
}

// openIPv6RawSocket(netns): socket(AF_INET6, SOCK_RAW, IPPROTO_RAW). IPPROTO_RAW implies
// IPV6_HDRINCL: the caller writes the whole IPv6 header, traffic class and flow label included,
// and the kernel routes on its destination and resolves the next hop's address.
static napi_value open_ipv6_raw_socket(napi_env env, napi_callback_info info) {
  napi_value argv[1];
  char netns[4096];
  if (get_args(env, info, 1, argv) != 0 || get_optional_string(env, argv[0], netns, sizeof netns) != 0) {
    return throw_type(env, "openIPv6RawSocket(netns: string | null)");
  }
  int saved, err = 0;
  if (enter_netns(netns, &saved, &err) != 0) return throw_errno(env, "entering the network namespace", err);
  int fd = socket(AF_INET6, SOCK_RAW | SOCK_CLOEXEC, IPPROTO_RAW);
  err = errno;
  leave_netns(saved);
  if (fd < 0) return throw_errno(env, "socket(AF_INET6, SOCK_RAW, IPPROTO_RAW)", err);
  return make_int(env, fd);
}

// send(fd, frame): sends one frame on a bound packet socket.
static napi_value send_frame(napi_env env, napi_callback_info info) {
  napi_value argv[2];
  int32_t fd;
  void *data;
  size_t length;
  if (get_args(env, info, 2, argv) != 0 || get_int(env, argv[0], &fd) != 0 || get_bytes(env, argv[1], &data, &length) != 0) {
    return throw_type(env, "send(fd: number, frame: Uint8Array)");
  }
  ssize_t sent = send(fd, data, length, 0);
  if (sent < 0) return throw_errno(env, "send", errno);
  return make_int(env, (int32_t)sent);
}

// sendTo6(fd, packet, destination): sends a whole IPv6 packet to the 16-byte destination.
static napi_value send_to6(napi_env env, napi_callback_info info) {
  napi_value argv[3];
  int32_t fd;
  void *data, *destination;
  size_t length, destination_length;
  if (get_args(env, info, 3, argv) != 0 || get_int(env, argv[0], &fd) != 0 || get_bytes(env, argv[1], &data, &length) != 0 ||
      get_bytes(env, argv[2], &destination, &destination_length) != 0 || destination_length != 16) {
    return throw_type(env, "sendTo6(fd: number, packet: Uint8Array, destination: 16-byte Uint8Array)");
  }
  struct sockaddr_in6 address;
  memset(&address, 0, sizeof address);
  address.sin6_family = AF_INET6;
  memcpy(&address.sin6_addr, destination, 16);
  ssize_t sent = sendto(fd, data, length, 0, (struct sockaddr *)&address, sizeof address);
  if (sent < 0) return throw_errno(env, "sendto", errno);
  return make_int(env, (int32_t)sent);
}

// receive(fd, timeoutMs): the next frame that arrived on a packet socket (frames the host sent
// itself are skipped), or null when none came within the timeout. Blocks the calling thread:
// meant for captures in tests and tools, not for the agent's event loop.
static napi_value receive_frame(napi_env env, napi_callback_info info) {
  napi_value argv[2];
  int32_t fd, timeout_ms;
  if (get_args(env, info, 2, argv) != 0 || get_int(env, argv[0], &fd) != 0 || get_int(env, argv[1], &timeout_ms) != 0 || timeout_ms < 0) {
    return throw_type(env, "receive(fd: number, timeoutMs: non-negative integer)");
  }
  static unsigned char frame[MAX_FRAME];
  struct timespec start;
  clock_gettime(CLOCK_MONOTONIC, &start);
  for (;;) {
    struct timespec now;
    clock_gettime(CLOCK_MONOTONIC, &now);
    long elapsed = (now.tv_sec - start.tv_sec) * 1000 + (now.tv_nsec - start.tv_nsec) / 1000000;
    long left = timeout_ms - elapsed;
    struct pollfd p = {.fd = fd, .events = POLLIN};
    int ready = poll(&p, 1, left > 0 ? (int)left : 0);
    if (ready < 0 && errno == EINTR) continue;
    if (ready < 0) return throw_errno(env, "poll", errno);
    napi_value result;
    if (ready == 0) {
      napi_get_null(env, &result);
      return result;
    }
    struct sockaddr_ll from;
    socklen_t from_length = sizeof from;
    ssize_t n = recvfrom(fd, frame, sizeof frame, 0, (struct sockaddr *)&from, &from_length);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) return throw_errno(env, "recvfrom", errno);
    if (from.sll_pkttype == PACKET_OUTGOING) continue;
    void *copy;
    napi_create_buffer_copy(env, (size_t)n, frame, &copy, &result);
    return result;
  }
}

// joinCpuFanout(fd, group): adds a bound packet socket to fanout group `group` in CPU mode: each
// frame goes to member number (CPU that received it) % members. With one member per CPU, the
// member a frame reaches names the CPU that handled it (how the XDP tests see the steering).
static napi_value join_cpu_fanout(napi_env env, napi_callback_info info) {
  napi_value argv[2];
  int32_t fd, group;
  if (get_args(env, info, 2, argv) != 0 || get_int(env, argv[0], &fd) != 0 || get_int(env, argv[1], &group) != 0 || group < 0 || group > 0xffff) {
    return throw_type(env, "joinCpuFanout(fd: number, group: 0..65535)");
  }
  int value = group | (PACKET_FANOUT_CPU << 16);
  if (setsockopt(fd, SOL_PACKET, PACKET_FANOUT, &value, sizeof value) != 0) return throw_errno(env, "setsockopt(PACKET_FANOUT)", errno);
  return NULL;
}

static napi_value close_fd(napi_env env, napi_callback_info info) {
  napi_value argv[1];
  int32_t fd;
  if (get_args(env, info, 1, argv) != 0 || get_int(env, argv[0], &fd) != 0) return throw_type(env, "close(fd: number)");
  if (close(fd) != 0) return throw_errno(env, "close", errno);
  return NULL;
}

static napi_value init(napi_env env, napi_value exports) {
  napi_property_descriptor functions[] = {
    {"openPacketSocket", NULL, open_packet_socket, NULL, NULL, NULL, napi_enumerable, NULL},
    {"openIPv6RawSocket", NULL, open_ipv6_raw_socket, NULL, NULL, NULL, napi_enumerable, NULL},
    {"send", NULL, send_frame, NULL, NULL, NULL, napi_enumerable, NULL},
    {"sendTo6", NULL, send_to6, NULL, NULL, NULL, napi_enumerable, NULL},
    {"receive", NULL, receive_frame, NULL, NULL, NULL, napi_enumerable, NULL},
    {"joinCpuFanout", NULL, join_cpu_fanout, NULL, NULL, NULL, napi_enumerable, NULL},
    {"close", NULL, close_fd, NULL, NULL, NULL, napi_enumerable, NULL},
  };
  napi_define_properties(env, exports, sizeof functions / sizeof functions[0], functions);
  return exports;
}

NAPI_MODULE(NODE_GYP_MODULE_NAME, init)
