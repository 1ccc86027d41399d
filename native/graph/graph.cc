// mlnb's own thin Node-API binding over TensorFlow's C graph API: build a graph op by op, add gradients,
// run it in a session. Generic on purpose — what a model compiles to is decided in TypeScript
// (src/kernel/compiledTraining/); this file only moves names, attributes and tensors across.
#include <node_api.h>
#include <tensorflow/c/c_api.h>

#include <cmath>
#include <cstdint>
#include <cstring>
#include <limits>
#include <memory>
#include <string>
#include <vector>

namespace {

// ------------------------------------------------------------------------------------------ errors

// A pending JS exception ends the current call: every helper returns false after setting one.
struct JsError {};

void Throw(napi_env env, const std::string& message) {
  bool pending = false;
  napi_is_exception_pending(env, &pending);
  if (!pending) napi_throw_error(env, nullptr, message.c_str());
  throw JsError{};
}

void Check(napi_env env, napi_status status, const char* what) {
  if (status == napi_ok) return;
  const napi_extended_error_info* info = nullptr;
  napi_get_last_error_info(env, &info);
  Throw(env, std::string("mlnb_graph: ") + what + ": " + (info && info->error_message ? info->error_message : "Node-API call failed"));
}

struct Status {
  TF_Status* s = TF_NewStatus();
  ~Status() { TF_DeleteStatus(s); }
  bool ok() const { return TF_GetCode(s) == TF_OK; }
  std::string message() const { return TF_Message(s); }
};

// ----------------------------------------------------------------------------------- value helpers

napi_valuetype TypeOf(napi_env env, napi_value v) {
  napi_valuetype t;
  Check(env, napi_typeof(env, v, &t), "typeof");
  return t;
}

std::string GetString(napi_env env, napi_value v, const std::string& what) {
  if (TypeOf(env, v) != napi_string) Throw(env, what + " must be a string");
  size_t len = 0;
  Check(env, napi_get_value_string_utf8(env, v, nullptr, 0, &len), "string length");
  std::string s(len, '\0');
  Check(env, napi_get_value_string_utf8(env, v, s.data(), len + 1, &len), "string");
  return s;
}

double GetNumber(napi_env env, napi_value v, const std::string& what) {
  if (TypeOf(env, v) != napi_number) Throw(env, what + " must be a number");
  double d;
  Check(env, napi_get_value_double(env, v, &d), "number");
  return d;
}

bool GetBool(napi_env env, napi_value v, const std::string& what) {
  if (TypeOf(env, v) != napi_boolean) Throw(env, what + " must be a boolean");
  bool b;
  Check(env, napi_get_value_bool(env, v, &b), "bool");
  return b;
}

napi_value GetProp(napi_env env, napi_value obj, const char* key) {
  napi_value v;
  Check(env, napi_get_named_property(env, obj, key, &v), key);
  return v;
}

bool IsArray(napi_env env, napi_value v) {
  bool a = false;
  Check(env, napi_is_array(env, v, &a), "is_array");
  return a;
}

std::vector<napi_value> GetArray(napi_env env, napi_value v, const std::string& what) {
  if (!IsArray(env, v)) Throw(env, what + " must be an array");
  uint32_t n = 0;
  Check(env, napi_get_array_length(env, v, &n), "array length");
  std::vector<napi_value> out(n);
  for (uint32_t i = 0; i < n; i++) Check(env, napi_get_element(env, v, i, &out[i]), "array element");
  return out;
}

std::vector<int64_t> GetInts(napi_env env, napi_value v, const std::string& what) {
  std::vector<int64_t> out;
  for (napi_value e : GetArray(env, v, what)) {
    double d = GetNumber(env, e, what + " element");
    // Beyond 2^53 a double no longer holds every integer (and casting one past 2^63 is undefined).
    if (!(std::fabs(d) <= 9007199254740992.0) || d != std::trunc(d)) Throw(env, what + " must hold integers of at most 2^53, got " + std::to_string(d));
    out.push_back(static_cast<int64_t>(d));
  }
  return out;
}

TF_DataType ParseDtype(napi_env env, const std::string& name) {
  if (name == "float32") return TF_FLOAT;
  if (name == "int32") return TF_INT32;
  if (name == "int64") return TF_INT64;
  if (name == "bool") return TF_BOOL;
  Throw(env, "unsupported dtype '" + name + "' (float32, int32, int64, bool)");
  return TF_FLOAT;
}

const char* DtypeName(TF_DataType t) {
  switch (t) {
    case TF_FLOAT: return "float32";
    case TF_INT32: return "int32";
    case TF_INT64: return "int64";
    case TF_BOOL: return "bool";
    default: return nullptr;
  }
}

using TensorPtr = std::unique_ptr<TF_Tensor, void (*)(TF_Tensor*)>;

// A JS tensor {dtype, shape, data}: data is a typed array of the dtype's element type or a plain array of numbers.
// Shape and data are checked before TensorFlow sees them: TF_AllocateTensor CHECK-fails (aborting the process) on
// a shape whose element count overflows int64.
TensorPtr ToTensor(napi_env env, napi_value spec, const std::string& what) {
  TF_DataType dtype = ParseDtype(env, GetString(env, GetProp(env, spec, "dtype"), what + ".dtype"));
  std::vector<int64_t> shape = GetInts(env, GetProp(env, spec, "shape"), what + ".shape");
  const int64_t elem = static_cast<int64_t>(TF_DataTypeSize(dtype));
  int64_t count = 1;
  for (int64_t d : shape) {
    if (d < 0) Throw(env, what + ".shape has a negative dimension");
    if (d > 0 && count > std::numeric_limits<int64_t>::max() / elem / d) Throw(env, what + ".shape has more elements than a tensor can hold");
    count *= d;
  }
  napi_value data = GetProp(env, spec, "data");
  bool isTyped = false;
  Check(env, napi_is_typedarray(env, data, &isTyped), "is_typedarray");
  void* src = nullptr;
  std::vector<napi_value> values;
  if (isTyped) {
    napi_typedarray_type type;
    size_t length;
    Check(env, napi_get_typedarray_info(env, data, &type, &length, &src, nullptr, nullptr), "typedarray info");
    bool matches = (dtype == TF_FLOAT && type == napi_float32_array) || (dtype == TF_INT32 && type == napi_int32_array) ||
                   (dtype == TF_INT64 && type == napi_bigint64_array) || (dtype == TF_BOOL && type == napi_uint8_array);
    if (!matches) Throw(env, what + ".data: the typed array's element type does not match dtype " + DtypeName(dtype));
    if (static_cast<int64_t>(length) != count)
      Throw(env, what + ".data has " + std::to_string(length) + " elements, shape needs " + std::to_string(count));
  } else {
    values = GetArray(env, data, what + ".data");
    if (static_cast<int64_t>(values.size()) != count)
      Throw(env, what + ".data has " + std::to_string(values.size()) + " elements, shape needs " + std::to_string(count));
  }
  TensorPtr t(TF_AllocateTensor(dtype, shape.data(), static_cast<int>(shape.size()), count * elem), TF_DeleteTensor);
  if (!t) Throw(env, what + ": could not allocate a tensor");
  void* dst = TF_TensorData(t.get());
  if (isTyped) {
    if (count) std::memcpy(dst, src, count * elem);
    return t;
  }
  for (int64_t i = 0; i < count; i++) {
    double d = dtype == TF_BOOL ? (GetBool(env, values[i], what + ".data element") ? 1 : 0) : GetNumber(env, values[i], what + ".data element");
    switch (dtype) {
      case TF_FLOAT: static_cast<float*>(dst)[i] = static_cast<float>(d); break;
      case TF_INT32: static_cast<int32_t*>(dst)[i] = static_cast<int32_t>(d); break;
      case TF_INT64: static_cast<int64_t*>(dst)[i] = static_cast<int64_t>(d); break;
      default: static_cast<uint8_t*>(dst)[i] = d != 0; break;
    }
  }
  return t;
}

napi_value FromTensor(napi_env env, TF_Tensor* t, const std::string& what) {
  TF_DataType dtype = TF_TensorType(t);
  const char* name = DtypeName(dtype);
  if (!name) Throw(env, what + ": fetched a tensor of unsupported dtype " + std::to_string(dtype));
  int rank = TF_NumDims(t);
  napi_value shape;
  Check(env, napi_create_array_with_length(env, rank, &shape), "shape");
  int64_t count = 1;
  for (int i = 0; i < rank; i++) {
    int64_t d = TF_Dim(t, i);
    count *= d;
    napi_value dv;
    Check(env, napi_create_double(env, static_cast<double>(d), &dv), "dim");
    Check(env, napi_set_element(env, shape, i, dv), "dim");
  }
  size_t bytes = count * TF_DataTypeSize(dtype);
  void* buf;
  napi_value ab, data;
  Check(env, napi_create_arraybuffer(env, bytes, &buf, &ab), "arraybuffer");
  if (bytes) std::memcpy(buf, TF_TensorData(t), bytes);
  napi_typedarray_type type = dtype == TF_FLOAT ? napi_float32_array : dtype == TF_INT32 ? napi_int32_array
                              : dtype == TF_INT64 ? napi_bigint64_array : napi_uint8_array;
  Check(env, napi_create_typedarray(env, type, count, ab, 0, &data), "typedarray");
  napi_value obj, dt;
  Check(env, napi_create_object(env, &obj), "object");
  Check(env, napi_create_string_utf8(env, name, NAPI_AUTO_LENGTH, &dt), "string");
  Check(env, napi_set_named_property(env, obj, "dtype", dt), "dtype");
  Check(env, napi_set_named_property(env, obj, "shape", shape), "shape");
  Check(env, napi_set_named_property(env, obj, "data", data), "data");
  return obj;
}

// ------------------------------------------------------------------------------------------- Graph

struct Graph {
  TF_Graph* graph = TF_NewGraph();
  ~Graph() { TF_DeleteGraph(graph); }

  // "name" (output 0) or "name:index".
  TF_Output Output(napi_env env, const std::string& ref) const {
    std::string name = ref;
    int index = 0;
    size_t colon = ref.rfind(':');
    if (colon != std::string::npos) {
      name = ref.substr(0, colon);
      try {
        index = std::stoi(ref.substr(colon + 1));
      } catch (...) {
        Throw(env, "bad output reference '" + ref + "' (expected name or name:index)");
      }
    }
    TF_Operation* op = TF_GraphOperationByName(graph, name.c_str());
    if (!op) Throw(env, "no operation named '" + name + "' in the graph");
    if (index < 0 || index >= TF_OperationNumOutputs(op))
      Throw(env, "operation '" + name + "' has " + std::to_string(TF_OperationNumOutputs(op)) + " outputs, not " + std::to_string(index + 1));
    return TF_Output{op, index};
  }

  TF_Operation* Operation(napi_env env, const std::string& name) const {
    TF_Operation* op = TF_GraphOperationByName(graph, name.c_str());
    if (!op) Throw(env, "no operation named '" + name + "' in the graph");
    return op;
  }
};

Graph* UnwrapGraph(napi_env env, napi_value obj) {
  void* p = nullptr;
  if (napi_unwrap(env, obj, &p) != napi_ok || !p) Throw(env, "expected a Graph");
  return static_cast<Graph*>(p);
}

struct CallInfo {
  napi_value self;
  std::vector<napi_value> args;
};

CallInfo GetCall(napi_env env, napi_callback_info info, size_t max) {
  CallInfo c;
  size_t argc = max;
  c.args.resize(max);
  Check(env, napi_get_cb_info(env, info, &argc, c.args.data(), &c.self, nullptr), "cb_info");
  napi_value undef;
  napi_get_undefined(env, &undef);
  for (size_t i = argc; i < max; i++) c.args[i] = undef;
  return c;
}

template <typename F>
napi_value Guard(napi_env env, F f) {
  try {
    return f();
  } catch (const JsError&) {
    return nullptr;
  } catch (const std::exception& e) {
    napi_throw_error(env, nullptr, (std::string("mlnb_graph: ") + e.what()).c_str());
    return nullptr;
  }
}

napi_value GraphNew(napi_env env, napi_callback_info info) {
  return Guard(env, [&]() -> napi_value {
    CallInfo c = GetCall(env, info, 0);
    auto* g = new Graph();
    Check(env, napi_wrap(env, c.self, g, [](napi_env, void* p, void*) { delete static_cast<Graph*>(p); }, nullptr, nullptr), "wrap");
    return c.self;
  });
}

void SetAttr(napi_env env, TF_OperationDescription* desc, const std::string& op, const std::string& attr, napi_value spec) {
  const std::string what = "attribute '" + attr + "' of " + op;
  std::string kind = GetString(env, GetProp(env, spec, "kind"), what + ".kind");
  napi_value value = GetProp(env, spec, "value");
  if (kind == "int") {
    TF_SetAttrInt(desc, attr.c_str(), static_cast<int64_t>(GetNumber(env, value, what)));
  } else if (kind == "float") {
    TF_SetAttrFloat(desc, attr.c_str(), static_cast<float>(GetNumber(env, value, what)));
  } else if (kind == "bool") {
    TF_SetAttrBool(desc, attr.c_str(), GetBool(env, value, what));
  } else if (kind == "type") {
    TF_SetAttrType(desc, attr.c_str(), ParseDtype(env, GetString(env, value, what)));
  } else if (kind == "string") {
    std::string s = GetString(env, value, what);
    TF_SetAttrString(desc, attr.c_str(), s.data(), s.size());
  } else if (kind == "shape") {
    std::vector<int64_t> dims = GetInts(env, value, what);
    TF_SetAttrShape(desc, attr.c_str(), dims.data(), static_cast<int>(dims.size()));
  } else if (kind == "ints") {
    std::vector<int64_t> ints = GetInts(env, value, what);
    TF_SetAttrIntList(desc, attr.c_str(), ints.data(), static_cast<int>(ints.size()));
  } else if (kind == "tensor") {
    TensorPtr t = ToTensor(env, value, what);
    Status st;
    TF_SetAttrTensor(desc, attr.c_str(), t.get(), st.s);
    if (!st.ok()) Throw(env, what + ": " + st.message());
  } else {
    Throw(env, what + ": unknown attribute kind '" + kind + "' (int, float, bool, type, string, shape, ints, tensor)");
  }
}

// graph.addOp(type, name, inputs, attrs, controlInputs) -> the operation's name.
// inputs: output references ("op" or "op:i"), or arrays of them for list inputs (Pack, ConcatV2, AddN).
napi_value GraphAddOp(napi_env env, napi_callback_info info) {
  return Guard(env, [&]() -> napi_value {
    CallInfo c = GetCall(env, info, 5);
    Graph* g = UnwrapGraph(env, c.self);
    std::string type = GetString(env, c.args[0], "op type");
    std::string name = GetString(env, c.args[1], "op name");
    const std::string what = type + " '" + name + "'";
    if (TF_GraphOperationByName(g->graph, name.c_str())) Throw(env, what + ": the graph already has an operation of that name");
    TF_OperationDescription* desc = TF_NewOperation(g->graph, type.c_str(), name.c_str());
    // From here on the description must be finished (TF has no way to abandon one): collect errors first.
    std::string error;
    try {
      for (napi_value input : GetArray(env, c.args[2], what + " inputs")) {
        if (IsArray(env, input)) {
          std::vector<TF_Output> list;
          for (napi_value e : GetArray(env, input, what + " list input")) list.push_back(g->Output(env, GetString(env, e, what + " input")));
          TF_AddInputList(desc, list.data(), static_cast<int>(list.size()));
        } else {
          TF_AddInput(desc, g->Output(env, GetString(env, input, what + " input")));
        }
      }
      if (TypeOf(env, c.args[3]) == napi_object) {
        napi_value keys;
        Check(env, napi_get_property_names(env, c.args[3], &keys), "attr names");
        for (napi_value k : GetArray(env, keys, "attr names")) {
          std::string attr = GetString(env, k, "attr name");
          napi_value spec;
          Check(env, napi_get_property(env, c.args[3], k, &spec), "attr");
          SetAttr(env, desc, what, attr, spec);
        }
      }
      if (TypeOf(env, c.args[4]) != napi_undefined) {
        for (napi_value ctl : GetArray(env, c.args[4], what + " control inputs"))
          TF_AddControlInput(desc, g->Operation(env, GetString(env, ctl, what + " control input")));
      }
    } catch (const JsError&) {
      napi_value exc, msg;
      napi_get_and_clear_last_exception(env, &exc);
      if (napi_get_named_property(env, exc, "message", &msg) != napi_ok || TypeOf(env, msg) != napi_string) napi_coerce_to_string(env, exc, &msg);
      size_t len = 0;
      napi_get_value_string_utf8(env, msg, nullptr, 0, &len);
      error.assign(len, '\0');
      napi_get_value_string_utf8(env, msg, error.data(), len + 1, &len);
      error = what + ": " + error;
    }
    Status st;
    TF_Operation* op = TF_FinishOperation(desc, st.s);
    if (!error.empty()) Throw(env, error);  // the half-described op, if TF accepted it, is never run: nothing fetches it
    if (!st.ok() || !op) Throw(env, what + ": " + st.message());
    napi_value out;
    Check(env, napi_create_string_utf8(env, TF_OperationName(op), NAPI_AUTO_LENGTH, &out), "string");
    return out;
  });
}

// graph.addGradients(ys, xs, prefix, dys?) -> references to d(sum ys)/d(xs), one per x.
napi_value GraphAddGradients(napi_env env, napi_callback_info info) {
  return Guard(env, [&]() -> napi_value {
    CallInfo c = GetCall(env, info, 4);
    Graph* g = UnwrapGraph(env, c.self);
    std::vector<TF_Output> ys, xs, dys;
    for (napi_value v : GetArray(env, c.args[0], "ys")) ys.push_back(g->Output(env, GetString(env, v, "y")));
    for (napi_value v : GetArray(env, c.args[1], "xs")) xs.push_back(g->Output(env, GetString(env, v, "x")));
    std::string prefix = GetString(env, c.args[2], "gradient name prefix");
    if (TypeOf(env, c.args[3]) != napi_undefined) {
      for (napi_value v : GetArray(env, c.args[3], "dys")) dys.push_back(g->Output(env, GetString(env, v, "dy")));
      if (dys.size() != ys.size()) Throw(env, "dys must have one entry per y");
    }
    std::vector<TF_Output> dxs(xs.size());
    Status st;
    TF_AddGradientsWithPrefix(g->graph, prefix.c_str(), ys.data(), static_cast<int>(ys.size()), xs.data(), static_cast<int>(xs.size()),
                              dys.empty() ? nullptr : dys.data(), st.s, dxs.data());
    if (!st.ok()) Throw(env, "adding gradients '" + prefix + "': " + st.message());
    napi_value out;
    Check(env, napi_create_array_with_length(env, dxs.size(), &out), "array");
    for (size_t i = 0; i < dxs.size(); i++) {
      napi_value ref;
      if (!dxs[i].oper) {
        Check(env, napi_get_null(env, &ref), "null");  // y does not depend on this x
      } else {
        std::string s = std::string(TF_OperationName(dxs[i].oper)) + ":" + std::to_string(dxs[i].index);
        Check(env, napi_create_string_utf8(env, s.c_str(), NAPI_AUTO_LENGTH, &ref), "string");
      }
      Check(env, napi_set_element(env, out, static_cast<uint32_t>(i), ref), "set");
    }
    return out;
  });
}

// graph.outputShape(ref) -> dims as far as shape inference knows them (-1 unknown), or null for unknown rank.
napi_value GraphOutputShape(napi_env env, napi_callback_info info) {
  return Guard(env, [&]() -> napi_value {
    CallInfo c = GetCall(env, info, 1);
    Graph* g = UnwrapGraph(env, c.self);
    TF_Output out = g->Output(env, GetString(env, c.args[0], "output"));
    Status st;
    int rank = TF_GraphGetTensorNumDims(g->graph, out, st.s);
    if (!st.ok()) Throw(env, st.message());
    napi_value result;
    if (rank < 0) {
      Check(env, napi_get_null(env, &result), "null");
      return result;
    }
    std::vector<int64_t> dims(rank);
    TF_GraphGetTensorShape(g->graph, out, dims.data(), rank, st.s);
    if (!st.ok()) Throw(env, st.message());
    Check(env, napi_create_array_with_length(env, rank, &result), "array");
    for (int i = 0; i < rank; i++) {
      napi_value d;
      Check(env, napi_create_double(env, static_cast<double>(dims[i]), &d), "dim");
      Check(env, napi_set_element(env, result, i, d), "set");
    }
    return result;
  });
}

// ----------------------------------------------------------------------------------------- Session

struct Session {
  TF_Session* session = nullptr;
  Graph* graph = nullptr;
  napi_ref graphRef = nullptr;  // keeps the graph alive as long as the session
  napi_env env = nullptr;

  void Close() {
    if (!session) return;
    Status st;
    TF_CloseSession(session, st.s);
    TF_DeleteSession(session, st.s);
    session = nullptr;
    if (graphRef) {
      napi_delete_reference(env, graphRef);
      graphRef = nullptr;
    }
  }
  ~Session() { Close(); }
};

Session* UnwrapSession(napi_env env, napi_value obj) {
  void* p = nullptr;
  if (napi_unwrap(env, obj, &p) != napi_ok || !p) Throw(env, "expected a Session");
  return static_cast<Session*>(p);
}

// A ConfigProto with only the two thread counts (fields 2 and 5, varints): no protobuf library needed.
void AppendVarintField(std::vector<uint8_t>& out, int field, uint64_t value) {
  out.push_back(static_cast<uint8_t>(field << 3));
  do {
    uint8_t b = value & 0x7f;
    value >>= 7;
    out.push_back(value ? (b | 0x80) : b);
  } while (value);
}

// new Session(graph, {intraOpThreads?, interOpThreads?})
napi_value SessionNew(napi_env env, napi_callback_info info) {
  return Guard(env, [&]() -> napi_value {
    CallInfo c = GetCall(env, info, 2);
    Graph* g = UnwrapGraph(env, c.args[0]);
    std::vector<uint8_t> config;
    if (TypeOf(env, c.args[1]) == napi_object) {
      napi_value intra = GetProp(env, c.args[1], "intraOpThreads");
      napi_value inter = GetProp(env, c.args[1], "interOpThreads");
      if (TypeOf(env, intra) != napi_undefined) AppendVarintField(config, 2, static_cast<uint64_t>(GetNumber(env, intra, "intraOpThreads")));
      if (TypeOf(env, inter) != napi_undefined) AppendVarintField(config, 5, static_cast<uint64_t>(GetNumber(env, inter, "interOpThreads")));
    }
    TF_SessionOptions* opts = TF_NewSessionOptions();
    Status st;
    if (!config.empty()) TF_SetConfig(opts, config.data(), config.size(), st.s);
    if (!st.ok()) {
      TF_DeleteSessionOptions(opts);
      Throw(env, "session options: " + st.message());
    }
    TF_Session* session = TF_NewSession(g->graph, opts, st.s);
    TF_DeleteSessionOptions(opts);
    if (!st.ok()) Throw(env, "creating a session: " + st.message());
    auto* s = new Session();
    s->session = session;
    s->graph = g;
    s->env = env;
    Check(env, napi_create_reference(env, c.args[0], 1, &s->graphRef), "reference");
    Check(env, napi_wrap(env, c.self, s, [](napi_env, void* p, void*) { delete static_cast<Session*>(p); }, nullptr, nullptr), "wrap");
    return c.self;
  });
}

// session.run(feeds: [{name, dtype, shape, data}], fetches: string[], targets: string[]) -> [{dtype, shape, data}]
napi_value SessionRun(napi_env env, napi_callback_info info) {
  return Guard(env, [&]() -> napi_value {
    CallInfo c = GetCall(env, info, 3);
    Session* s = UnwrapSession(env, c.self);
    if (!s->session) Throw(env, "the session is closed");
    std::vector<TF_Output> feedOuts, fetchOuts;
    std::vector<TensorPtr> feedTensors;
    std::vector<TF_Tensor*> feedValues;
    for (napi_value f : GetArray(env, c.args[0], "feeds")) {
      std::string name = GetString(env, GetProp(env, f, "name"), "feed name");
      feedOuts.push_back(s->graph->Output(env, name));
      feedTensors.push_back(ToTensor(env, f, "feed '" + name + "'"));
      feedValues.push_back(feedTensors.back().get());
    }
    std::vector<std::string> fetchNames;
    for (napi_value f : GetArray(env, c.args[1], "fetches")) {
      fetchNames.push_back(GetString(env, f, "fetch"));
      fetchOuts.push_back(s->graph->Output(env, fetchNames.back()));
    }
    std::vector<TF_Operation*> targets;
    if (TypeOf(env, c.args[2]) != napi_undefined)
      for (napi_value t : GetArray(env, c.args[2], "targets")) targets.push_back(s->graph->Operation(env, GetString(env, t, "target")));
    std::vector<TF_Tensor*> fetchValues(fetchOuts.size(), nullptr);
    Status st;
    TF_SessionRun(s->session, nullptr, feedOuts.data(), feedValues.data(), static_cast<int>(feedOuts.size()), fetchOuts.data(),
                  fetchValues.data(), static_cast<int>(fetchOuts.size()), targets.data(), static_cast<int>(targets.size()), nullptr, st.s);
    std::vector<TensorPtr> owned;
    for (TF_Tensor* t : fetchValues) owned.emplace_back(t, TF_DeleteTensor);
    if (!st.ok()) Throw(env, "session run: " + st.message());
    napi_value out;
    Check(env, napi_create_array_with_length(env, owned.size(), &out), "array");
    for (size_t i = 0; i < owned.size(); i++) {
      if (!owned[i]) Throw(env, "session run returned no value for '" + fetchNames[i] + "'");
      Check(env, napi_set_element(env, out, static_cast<uint32_t>(i), FromTensor(env, owned[i].get(), fetchNames[i])), "set");
    }
    return out;
  });
}

napi_value SessionClose(napi_env env, napi_callback_info info) {
  return Guard(env, [&]() -> napi_value {
    CallInfo c = GetCall(env, info, 0);
    UnwrapSession(env, c.self)->Close();
    napi_value undef;
    napi_get_undefined(env, &undef);
    return undef;
  });
}

napi_value Init(napi_env env, napi_value exports) {
  return Guard(env, [&]() -> napi_value {
    napi_property_descriptor graphMethods[] = {
        {"addOp", nullptr, GraphAddOp, nullptr, nullptr, nullptr, napi_default_method, nullptr},
        {"addGradients", nullptr, GraphAddGradients, nullptr, nullptr, nullptr, napi_default_method, nullptr},
        {"outputShape", nullptr, GraphOutputShape, nullptr, nullptr, nullptr, napi_default_method, nullptr},
    };
    napi_value graphClass;
    Check(env, napi_define_class(env, "Graph", NAPI_AUTO_LENGTH, GraphNew, nullptr, 3, graphMethods, &graphClass), "class");
    napi_property_descriptor sessionMethods[] = {
        {"run", nullptr, SessionRun, nullptr, nullptr, nullptr, napi_default_method, nullptr},
        {"close", nullptr, SessionClose, nullptr, nullptr, nullptr, napi_default_method, nullptr},
    };
    napi_value sessionClass;
    Check(env, napi_define_class(env, "Session", NAPI_AUTO_LENGTH, SessionNew, nullptr, 2, sessionMethods, &sessionClass), "class");
    napi_value version;
    Check(env, napi_create_string_utf8(env, TF_Version(), NAPI_AUTO_LENGTH, &version), "string");
    Check(env, napi_set_named_property(env, exports, "Graph", graphClass), "export");
    Check(env, napi_set_named_property(env, exports, "Session", sessionClass), "export");
    Check(env, napi_set_named_property(env, exports, "tfVersion", version), "export");
    return exports;
  });
}

}  // namespace

NAPI_MODULE(NODE_GYP_MODULE_NAME, Init)
