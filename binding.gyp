{
  "targets": [
    {
      "target_name": "corelb_rawnet",
      "sources": ["src/agent/native/corelb_rawnet.c"],
      "cflags": ["-Wall", "-Wextra", "-Werror", "-std=gnu11"],
      "defines": ["NAPI_VERSION=8"],
      "conditions": [["OS!='linux'", {"type": "none", "sources": []}]]
    }
  ]
}
