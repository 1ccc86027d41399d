{
  "targets": [
    {
      "target_name": "mlnb_graph",
      "sources": ["graph.cc"],
      "include_dirs": ["<(tf_dir)/include"],
      "libraries": [
        "-L<(tf_dir)",
        "-l:libtensorflow_cc.so.2",
        "-l:libtensorflow_framework.so.2",
        "-Wl,-rpath,<(tf_dir)"
      ],
      "cflags_cc": ["-std=c++17", "-fexceptions"],
      "defines": ["NAPI_VERSION=8"]
    }
  ]
}
