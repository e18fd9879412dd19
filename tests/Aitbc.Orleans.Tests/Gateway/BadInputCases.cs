using System.Globalization;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;

namespace Aitbc.Orleans.Tests.Gateway;

/// <summary>
/// The table of malformed requests: syntax, types, ranges, enums, tensors, payments, sizes, media types, ids, query
/// parameters and routes, across every endpoint that takes input.
/// </summary>
public static class BadInputCases
{
    private const string Quote = "/v1/quotes";
    private const string Jobs = "/v1/jobs";
    private const string ValidQuote = """{"modelId":"{model}","latencyClass":"standard","client":{"lat":48.8,"lon":2.3}}""";

    public static IReadOnlyList<BadInputCase> All { get; } = Build();

    private static List<BadInputCase> Build()
    {
        var cases = new List<BadInputCase>();
        void Add(string name, string method, string path, Func<BadInputWorld, HttpContent?> body, int expected, bool asOperator = false, Action<HttpRequestMessage>? adjust = null) =>
            cases.Add(new BadInputCase(name, method, path, body, expected, asOperator, adjust));

        // --- POST /v1/quotes: JSON syntax and shape ---
        Add("quote: malformed JSON", "POST", Quote, Raw("{"), 400);
        Add("quote: empty body", "POST", Quote, Raw(""), 400);
        Add("quote: JSON array instead of object", "POST", Quote, Raw("[]"), 400);
        Add("quote: JSON null", "POST", Quote, Raw("null"), 400);
        Add("quote: text/plain body", "POST", Quote, _ => new StringContent(ValidQuote, Encoding.UTF8, "text/plain"), 415);
        Add("quote: no content type", "POST", Quote, _ => new ByteArrayContent("{}"u8.ToArray()), 415);
        Add("quote: unknown member", "POST", Quote, Raw("""{"modelId":"{model}","latencyClass":"standard","client":{"lat":1,"lon":1},"colour":"red"}"""), 400);
        Add("quote: duplicate member", "POST", Quote, Raw("""{"modelId":"{model}","modelId":"{model}","latencyClass":"standard","client":{"lat":1,"lon":1}}"""), 400);
        Add("quote: trailing comma", "POST", Quote, Raw("""{"modelId":"{model}","latencyClass":"standard","client":{"lat":1,"lon":1},}"""), 400);
        Add("quote: comment", "POST", Quote, Raw("""{"modelId":"{model}" /* hi */,"latencyClass":"standard","client":{"lat":1,"lon":1}}"""), 400);
        Add("quote: nesting too deep", "POST", Quote, Raw("{\"client\":" + new string('[', 40) + new string(']', 40) + "}"), 400);
        Add("quote: NaN literal", "POST", Quote, Raw("""{"modelId":"{model}","latencyClass":"standard","client":{"lat":NaN,"lon":1}}"""), 400);
        Add("quote: Infinity literal", "POST", Quote, Raw("""{"modelId":"{model}","latencyClass":"standard","client":{"lat":1,"lon":Infinity}}"""), 400);
        // Expect: 100-continue lets the server refuse by Content-Length before the client sends the body, as large uploads should.
        Add("quote: body over the size cap", "POST", Quote, _ => JsonContent("{\"modelId\":\"" + new string('a', 1200 * 1024) + "\"}"), 413,
            adjust: r => r.Headers.ExpectContinue = true);

        // --- POST /v1/quotes: fields ---
        Add("quote: missing modelId", "POST", Quote, Quoting(q => q.Remove("modelId")), 400);
        Add("quote: unknown model", "POST", Quote, Quoting(q => q["modelId"] = "m-0000000000000000"), 404);
        Add("quote: modelId with a slash", "POST", Quote, Quoting(q => q["modelId"] = "a/b"), 400);
        Add("quote: modelId too long", "POST", Quote, Quoting(q => q["modelId"] = new string('m', 300)), 400);
        Add("quote: modelId is a number", "POST", Quote, Quoting(q => q["modelId"] = 42), 400);
        Add("quote: unknown latency class", "POST", Quote, Quoting(q => q["latencyClass"] = "warp"), 400);
        Add("quote: latency class as a number", "POST", Quote, Quoting(q => q["latencyClass"] = 1), 400);
        Add("quote: latency class as a numeric string", "POST", Quote, Quoting(q => q["latencyClass"] = "1"), 400);
        Add("quote: missing latency class", "POST", Quote, Quoting(q => q.Remove("latencyClass")), 400);
        Add("quote: unknown job type", "POST", Quote, Quoting(q => q["jobType"] = "mining"), 400);
        Add("quote: latitude over 90", "POST", Quote, Quoting(q => q["client"] = Point(91, 0)), 400);
        Add("quote: longitude under -180", "POST", Quote, Quoting(q => q["client"] = Point(0, -181)), 400);
        Add("quote: missing client", "POST", Quote, Quoting(q => q.Remove("client")), 400);
        Add("quote: client without lon", "POST", Quote, Quoting(q => q["client"] = new JsonObject { ["lat"] = 1 }), 400);
        Add("quote: latitude as a string", "POST", Quote, Quoting(q => q["client"] = new JsonObject { ["lat"] = "48", ["lon"] = 2 }), 400);
        Add("quote: latitude overflows double", "POST", Quote, Raw("""{"modelId":"{model}","latencyClass":"standard","client":{"lat":1e400,"lon":1}}"""), 400);
        Add("quote: zero complexity", "POST", Quote, Quoting(q => q["complexity"] = 0), 400);
        Add("quote: negative complexity", "POST", Quote, Quoting(q => q["complexity"] = -1), 400);
        Add("quote: huge complexity", "POST", Quote, Quoting(q => q["complexity"] = 1e12), 400);

        // --- POST /v1/jobs: tensors ---
        Add("job: no inputs", "POST", Jobs, Jobbing(j => j.Remove("inputs")), 400);
        Add("job: empty inputs", "POST", Jobs, Jobbing(j => j["inputs"] = new JsonObject()), 400);
        Add("job: inputs as an array", "POST", Jobs, Jobbing(j => j["inputs"] = new JsonArray()), 400);
        Add("job: tensor is a number", "POST", Jobs, Jobbing(j => j["inputs"] = new JsonObject { ["x"] = 5 }), 400);
        Add("job: tensor is null", "POST", Jobs, Jobbing(j => j["inputs"] = new JsonObject { ["x"] = null }), 400);
        Add("job: unknown element type", "POST", Jobs, Tensor("float128", "[1,4]", "[1,2,3,4]"), 400);
        Add("job: missing element type", "POST", Jobs, Jobbing(j => j["inputs"] = new JsonObject { ["x"] = new JsonObject { ["shape"] = new JsonArray(1, 4), ["data"] = new JsonArray(1, 2, 3, 4) } }), 400);
        Add("job: element type as a number", "POST", Jobs, Tensor("1", "[1,4]", "[1,2,3,4]", quoteType: false), 400);
        Add("job: negative dimension", "POST", Jobs, Tensor("float32", "[-1,4]", "[1,2,3,4]"), 400);
        Add("job: huge shape", "POST", Jobs, Tensor("float32", "[1000000000,1000000000]", "[1]"), 400);
        Add("job: shape over int64", "POST", Jobs, Tensor("float32", "[99999999999999999999]", "[1]"), 400);
        Add("job: rank over the limit", "POST", Jobs, Tensor("float32", "[1,1,1,1,1,1,1,1,1]", "[1]"), 400);
        Add("job: data shorter than the shape", "POST", Jobs, Tensor("float32", "[1,4]", "[1,2,3]"), 400);
        Add("job: data longer than the shape", "POST", Jobs, Tensor("float32", "[1,4]", "[1,2,3,4,5]"), 400);
        Add("job: scalar shape with two elements", "POST", Jobs, Tensor("float32", "[]", "[1,2]"), 400);
        Add("job: missing shape", "POST", Jobs, Jobbing(j => j["inputs"] = new JsonObject { ["x"] = new JsonObject { ["type"] = "float32", ["data"] = new JsonArray(1, 2, 3, 4) } }), 400);
        Add("job: fractional dimension", "POST", Jobs, Tensor("float32", "[1.5,4]", "[1,2,3,4]"), 400);
        Add("job: shape as a string", "POST", Jobs, Tensor("float32", "\"1x4\"", "[1,2,3,4]"), 400);
        Add("job: data null", "POST", Jobs, Tensor("float32", "[1,4]", "null"), 400);
        Add("job: data as an object", "POST", Jobs, Tensor("float32", "[1,4]", "{\"0\":1}"), 400);
        Add("job: data element is a string", "POST", Jobs, Tensor("float32", "[1,4]", "[1,2,\"3\",4]"), 400);
        Add("job: data element is nested", "POST", Jobs, Tensor("float32", "[1,4]", "[[1,2],[3,4]]"), 400);
        Add("job: float32 overflow", "POST", Jobs, Tensor("float32", "[1,4]", "[1,2,3,1e39]"), 400);
        Add("job: NaN in data", "POST", Jobs, Tensor("float32", "[1,4]", "[1,2,3,NaN]"), 400);
        Add("job: float16 overflow", "POST", Jobs, Tensor("float16", "[1,4]", "[1,2,3,70000]"), 400);
        Add("job: int64 with a fraction", "POST", Jobs, Tensor("int64", "[1,4]", "[1,2,3,4.5]"), 400);
        Add("job: int32 overflow", "POST", Jobs, Tensor("int32", "[1,4]", "[1,2,3,3000000000]"), 400);
        Add("job: int8 under range", "POST", Jobs, Tensor("int8", "[1,4]", "[1,2,3,-129]"), 400);
        Add("job: uint8 over range", "POST", Jobs, Tensor("uint8", "[1,4]", "[1,2,3,256]"), 400);
        Add("job: bool as 2", "POST", Jobs, Tensor("bool", "[1,4]", "[true,false,2,true]"), 400);
        Add("job: bool as a string", "POST", Jobs, Tensor("bool", "[1,4]", "[true,false,\"true\",true]"), 400);
        Add("job: input the model does not have", "POST", Jobs, Jobbing(j => j["inputs"] = new JsonObject { ["z"] = Tensor4("float32") }), 400);
        Add("job: extra input beside the right one", "POST", Jobs, Jobbing(j => ((JsonObject)j["inputs"]!)["extra"] = Tensor4("float32")), 400);
        Add("job: element type the model does not take", "POST", Jobs, Jobbing(j => j["inputs"] = new JsonObject { ["x"] = Tensor4("int32") }), 400);
        Add("job: wrong rank for the model", "POST", Jobs, Tensor("float32", "[4]", "[1,2,3,4]"), 400);
        Add("job: fixed dimension mismatch", "POST", Jobs, Tensor("float32", "[1,5]", "[1,2,3,4,5]"), 400);
        Add("job: more inputs than allowed", "POST", Jobs, Jobbing(j => j["inputs"] = ManyInputs(40)), 400);
        Add("job: input name with a control character", "POST", Jobs, Jobbing(j => j["inputs"] = new JsonObject { ["x\u0001"] = Tensor4("float32") }), 400);
        Add("job: tensor over the element cap", "POST", Jobs, Tensor("float32", "[1,70000]", "[1]"), 400);

        // --- POST /v1/jobs: payment, options and other fields ---
        Add("job: neither quoteId nor maxPrice", "POST", Jobs, Jobbing(j => j.Remove("maxPrice")), 400);
        Add("job: both quoteId and maxPrice", "POST", Jobs, Jobbing(j => j["quoteId"] = "q-abc"), 400);
        Add("job: zero maxPrice", "POST", Jobs, Jobbing(j => j["maxPrice"] = 0), 400);
        Add("job: negative maxPrice", "POST", Jobs, Jobbing(j => j["maxPrice"] = -1), 400);
        Add("job: maxPrice with too many decimals", "POST", Jobs, Jobbing(j => j["maxPrice"] = 0.000000001m), 400);
        Add("job: maxPrice over decimal range", "POST", Jobs, Raw(JobText().Replace("\"maxPrice\":1", "\"maxPrice\":1e30", StringComparison.Ordinal)), 400);
        Add("job: maxPrice as a string", "POST", Jobs, Jobbing(j => j["maxPrice"] = "1"), 400);
        Add("job: maxPrice over the cap", "POST", Jobs, Jobbing(j => j["maxPrice"] = 2_000_000), 400);
        Add("job: unknown quote", "POST", Jobs, Jobbing(j => { j.Remove("maxPrice"); j["quoteId"] = "q-0123456789"; }), 409);
        Add("job: quoteId with path characters", "POST", Jobs, Jobbing(j => { j.Remove("maxPrice"); j["quoteId"] = "../q"; }), 400);
        Add("job: more than the balance", "POST", Jobs, Jobbing(j => j["maxPrice"] = 500), 402);
        Add("job: unknown model", "POST", Jobs, Jobbing(j => j["modelId"] = "m-ffffffffffffffff"), 404);
        Add("job: idempotency key with a space", "POST", Jobs, Jobbing(j => j["idempotencyKey"] = "a b"), 400);
        Add("job: idempotency key too long", "POST", Jobs, Jobbing(j => j["idempotencyKey"] = new string('k', 200)), 400);
        Add("job: requireAttestation as a string", "POST", Jobs, Jobbing(j => j["requireAttestation"] = "yes"), 400);
        Add("job: preferCloud as a number", "POST", Jobs, Jobbing(j => j["preferCloud"] = 1), 400);
        Add("job: unknown latency class", "POST", Jobs, Jobbing(j => j["latencyClass"] = "instant"), 400);
        Add("job: latitude as the string NaN", "POST", Jobs, Jobbing(j => j["client"] = new JsonObject { ["lat"] = "NaN", ["lon"] = 0 }), 400);
        Add("job: latitude under -90", "POST", Jobs, Jobbing(j => j["client"] = Point(-90.5, 0)), 400);
        Add("job: unknown job type", "POST", Jobs, Jobbing(j => j["jobType"] = "Inference2"), 400);
        Add("job: wait is not a number", "POST", $"{Jobs}?wait=abc", Jobbing(_ => { }), 400);
        Add("job: negative wait", "POST", $"{Jobs}?wait=-1", Jobbing(_ => { }), 400);
        Add("job: wait too long", "POST", $"{Jobs}?wait=100000", Jobbing(_ => { }), 400);
        Add("job: wait given twice", "POST", $"{Jobs}?wait=1&wait=2", Jobbing(_ => { }), 400);
        Add("job: XML body", "POST", Jobs, _ => new StringContent("<job/>", Encoding.UTF8, "application/xml"), 415);
        Add("job: malformed JSON", "POST", Jobs, Raw("{\"modelId\":"), 400);

        // --- job reads ---
        Add("job read: unknown id", "GET", "/v1/jobs/j-00000000000000000000000000000000", NoBody, 404);
        Add("job read: id with a space", "GET", "/v1/jobs/a%20b", NoBody, 404);
        Add("job read: id too long", "GET", "/v1/jobs/" + new string('j', 500), NoBody, 404);
        Add("job cancel: unknown id", "DELETE", "/v1/jobs/j-00000000000000000000000000000000", NoBody, 404);
        Add("job events: unknown id", "GET", "/v1/jobs/j-00000000000000000000000000000000/events", NoBody, 404);
        Add("job list: zero limit", "GET", "/v1/jobs?limit=0", NoBody, 400);
        Add("job list: limit as text", "GET", "/v1/jobs?limit=ten", NoBody, 400);

        // --- models ---
        Add("model: missing name", "POST", "/v1/models", Onnx, 400);
        Add("model: blank name", "POST", "/v1/models?name=%20%20", Onnx, 400);
        Add("model: name with a control character", "POST", "/v1/models?name=a%01b", Onnx, 400);
        Add("model: name too long", "POST", "/v1/models?name=" + new string('n', 300), Onnx, 400);
        Add("model: name given twice", "POST", "/v1/models?name=a&name=b", Onnx, 400);
        Add("model: not ONNX", "POST", "/v1/models?name=junk", _ => Octets(Encoding.UTF8.GetBytes("definitely not a model")), 400);
        Add("model: random bytes", "POST", "/v1/models?name=junk", _ => Octets(RandomNumberGenerator.GetBytes(4096)), 400);
        Add("model: empty body", "POST", "/v1/models?name=empty", _ => Octets([]), 400);
        Add("model: JSON content type", "POST", "/v1/models?name=json", _ => JsonContent("{}"), 415);
        Add("model: over the size cap", "POST", "/v1/models?name=big", _ => Octets(new byte[(2 * 1024 * 1024) + 1]), 413,
            adjust: r => r.Headers.ExpectContinue = true);
        Add("model read: unknown id", "GET", "/v1/models/m-0000000000000000", NoBody, 404);
        Add("model content: unknown id", "GET", "/v1/models/m-0000000000000000/content", NoBody, 404);
        Add("model content: range past the end", "GET", "/v1/models/{model}/content", NoBody, 416,
            adjust: r => r.Headers.Range = new RangeHeaderValue(10_000_000, null));
        Add("model list: page zero", "GET", "/v1/models?page=0", NoBody, 400);
        Add("model: royalty as text", "POST", "/v1/models?name=r&royalty=lots", Onnx, 400);
        Add("model: negative royalty", "POST", "/v1/models?name=r&royalty=-1", Onnx, 400);
        Add("model: unknown allowed use", "POST", "/v1/models?name=u&allowedUses=research,warfare", Onnx, 400);
        Add("model: commercial use both allowed and forbidden", "POST", "/v1/models?name=u&commercialUse=false&allowedUses=commercial", Onnx, 400);
        Add("model: published as text", "POST", "/v1/models?name=p&published=sure", Onnx, 400);
        Add("model variants: unknown id", "GET", "/v1/models/m-0000000000000000/variants", NoBody, 404);
        Add("model variant content: unknown precision", "GET", "/v1/models/{model}/variants/fp8/content", NoBody, 400);
        Add("model deployment: neither GPUs nor a region", "POST", "/v1/models/{model}/deployments", _ => JsonContent("{}"), 400);
        Add("model deployment: both GPUs and a region", "POST", "/v1/models/{model}/deployments",
            _ => JsonContent("{\"gpuIds\":[\"a:b\"],\"region\":\"eu-central\"}"), 400);
        Add("model deployment: unknown region", "POST", "/v1/models/{model}/deployments", _ => JsonContent("{\"region\":\"atlantis\"}"), 400);
        Add("model deployment: count zero", "POST", "/v1/models/{model}/deployments", _ => JsonContent("{\"region\":\"eu-central\",\"count\":0}"), 400);
        Add("model deployment: unknown id", "GET", "/v1/models/{model}/deployments/d-0000", NoBody, 404);
        Add("model list: page size over the cap", "GET", "/v1/models?pageSize=100000", NoBody, 400);

        // --- fleet and profiles ---
        Add("gpus: unknown region", "GET", "/v1/gpus?region=mars-1", NoBody, 400);
        Add("gpus: unknown vendor", "GET", "/v1/gpus?vendor=nokia", NoBody, 400);
        Add("gpus: vendor by number", "GET", "/v1/gpus?vendor=1", NoBody, 400);
        Add("gpus: negative memory", "GET", "/v1/gpus?minMemoryGb=-1", NoBody, 400);
        Add("gpus: memory NaN", "GET", "/v1/gpus?minMemoryGb=NaN", NoBody, 400);
        Add("gpus: available is not a bool", "GET", "/v1/gpus?available=maybe", NoBody, 400);
        Add("gpu: unknown id", "GET", "/v1/gpus/gpu-none", NoBody, 404);
        Add("market: unknown region", "GET", "/v1/markets/mars-1/inference", NoBody, 404);
        Add("market: unknown job type", "GET", "/v1/markets/eu-west/mining", NoBody, 400);
        Add("profiles: unknown class", "GET", "/v1/profiles?class=phone", NoBody, 400);
        Add("profiles: unknown vendor", "GET", "/v1/profiles?vendor=3dfx", NoBody, 400);
        Add("profiles: page size zero", "GET", "/v1/profiles?pageSize=0", NoBody, 400);
        Add("profile match: no name", "GET", "/v1/profiles/match", NoBody, 400);
        Add("profile match: negative memory", "GET", "/v1/profiles/match?name=RTX&memoryMb=-5", NoBody, 400);

        // --- miners ---
        Add("miner: public key not base64", "POST", "/v1/miners", Raw("""{"publicKey":"***"}"""), 400);
        Add("miner: RSA public key", "POST", "/v1/miners", _ => JsonContent(new JsonObject { ["publicKey"] = RsaKey() }.ToJsonString()), 400);
        Add("miner: P-384 public key", "POST", "/v1/miners", _ => JsonContent(new JsonObject { ["publicKey"] = EcKey(ECCurve.NamedCurves.nistP384) }.ToJsonString()), 400);
        Add("miner: missing public key", "POST", "/v1/miners", Raw("""{"name":"rig"}"""), 400);
        Add("miner: id with a slash", "POST", "/v1/miners", _ => JsonContent(new JsonObject { ["publicKey"] = EcKey(ECCurve.NamedCurves.nistP256), ["minerId"] = "a/b" }.ToJsonString()), 400);
        Add("miner read: unknown id", "GET", "/v1/miners/miner-none", NoBody, 404);

        // --- operator: credits and keys ---
        Add("credit: negative amount", "POST", "/v1/accounts/{target}/credit", Raw("""{"amount":-5,"operationId":"o-1"}"""), 400, asOperator: true);
        Add("credit: zero amount", "POST", "/v1/accounts/{target}/credit", Raw("""{"amount":0,"operationId":"o-1"}"""), 400, asOperator: true);
        Add("credit: missing operation id", "POST", "/v1/accounts/{target}/credit", Raw("""{"amount":5}"""), 400, asOperator: true);
        Add("credit: over the cap", "POST", "/v1/accounts/{target}/credit", Raw("""{"amount":5000000000,"operationId":"o-1"}"""), 400, asOperator: true);
        Add("credit: amount as a string", "POST", "/v1/accounts/{target}/credit", Raw("""{"amount":"5","operationId":"o-1"}"""), 400, asOperator: true);
        Add("credit: account id with a space", "POST", "/v1/accounts/a%20b/credit", Raw("""{"amount":5,"operationId":"o-1"}"""), 400, asOperator: true);
        Add("key: unknown role", "POST", "/v1/keys", Raw("""{"accountId":"{target}","roles":["god"]}"""), 400, asOperator: true);
        Add("key: no roles", "POST", "/v1/keys", Raw("""{"accountId":"{target}","roles":[]}"""), 400, asOperator: true);
        Add("key: miner role", "POST", "/v1/keys", Raw("""{"accountId":"{target}","roles":["miner"]}"""), 400, asOperator: true);
        Add("key: miner account", "POST", "/v1/keys", Raw("""{"accountId":"miner:x","roles":["submitter"]}"""), 400, asOperator: true);
        Add("key: roles as a string", "POST", "/v1/keys", Raw("""{"accountId":"{target}","roles":"submitter"}"""), 400, asOperator: true);
        Add("key revoke: not a key id", "DELETE", "/v1/keys/zz", NoBody, 404, asOperator: true);
        Add("key revoke: unknown key id", "DELETE", "/v1/keys/" + new string('0', 64), NoBody, 404, asOperator: true);

        // --- POST/GET/DELETE /v1/bookings ---
        const string Bookings = "/v1/bookings";
        const string ByClass = "\"gpuClass\":\"GeForce GTX 1070\",\"region\":\"eu-central\"";
        Add("booking: malformed JSON", "POST", Bookings, Raw("{"), 400);
        Add("booking: unknown member", "POST", Bookings, Raw("{" + ByClass + ",\"startsAt\":\"2030-01-01T00:00:00Z\",\"endsAt\":\"2030-01-01T02:00:00Z\",\"colour\":1}"), 400);
        Add("booking: neither a GPU nor a class", "POST", Bookings, Raw("""{"startsAt":"2030-01-01T00:00:00Z","endsAt":"2030-01-01T02:00:00Z"}"""), 400);
        Add("booking: a GPU and a class", "POST", Bookings, Raw("""{"gpuId":"g-1",""" + ByClass + ""","startsAt":"2030-01-01T00:00:00Z","endsAt":"2030-01-01T02:00:00Z"}"""), 400);
        Add("booking: class without a region", "POST", Bookings, Raw("""{"gpuClass":"GeForce GTX 1070","startsAt":"2030-01-01T00:00:00Z","endsAt":"2030-01-01T02:00:00Z"}"""), 400);
        Add("booking: unknown class", "POST", Bookings, Raw("""{"gpuClass":"Voodoo 2","region":"eu-central","startsAt":"2030-01-01T00:00:00Z","endsAt":"2030-01-01T02:00:00Z"}"""), 400);
        Add("booking: unknown region", "POST", Bookings, Raw("""{"gpuClass":"GeForce GTX 1070","region":"mars-1","startsAt":"2030-01-01T00:00:00Z","endsAt":"2030-01-01T02:00:00Z"}"""), 400);
        Add("booking: no start", "POST", Bookings, Raw("{" + ByClass + ",\"endsAt\":\"2030-01-01T02:00:00Z\"}"), 400);
        Add("booking: end before start", "POST", Bookings, Raw("{" + ByClass + ",\"startsAt\":\"2030-01-01T02:00:00Z\",\"endsAt\":\"2030-01-01T00:00:00Z\"}"), 400);
        Add("booking: start in the past", "POST", Bookings, Raw("{" + ByClass + ",\"startsAt\":\"2001-01-01T00:00:00Z\",\"endsAt\":\"2001-01-01T02:00:00Z\"}"), 400);
        Add("booking: window too long", "POST", Bookings, Raw("{" + ByClass + ",\"startsAt\":\"2027-01-01T00:00:00Z\",\"endsAt\":\"2027-03-01T00:00:00Z\"}"), 400);
        Add("booking: date not a date", "POST", Bookings, Raw("{" + ByClass + ",\"startsAt\":\"tomorrow\",\"endsAt\":\"2030-01-01T02:00:00Z\"}"), 400);
        Add("booking: negative price cap", "POST", Bookings, Raw("{" + ByClass + ",\"startsAt\":\"2030-01-01T00:00:00Z\",\"endsAt\":\"2030-01-01T02:00:00Z\",\"maxPricePerHour\":-1}"), 400);
        Add("booking: unknown GPU", "POST", Bookings, Raw("""{"gpuId":"no-such-gpu","startsAt":"2030-01-01T00:00:00Z","endsAt":"2030-01-01T02:00:00Z"}"""), 404);
        Add("booking: read an unknown booking", "GET", Bookings + "/bk-nothing", NoBody, 404);
        Add("booking: cancel an unknown booking", "DELETE", Bookings + "/bk-nothing", NoBody, 404);
        Add("booking: list limit zero", "GET", Bookings + "?limit=0", NoBody, 400);
        Add("job: unknown booking", "POST", Jobs, Jobbing(j => j["bookingId"] = "bk-nothing"), 404);
        Add("job: booking paid with a quote", "POST", Jobs, Jobbing(j => { j["bookingId"] = "bk-nothing"; j["quoteId"] = "q-1"; j.Remove("maxPrice"); }), 400);

        // --- routing ---
        Add("route: unknown path", "GET", "/v1/nothing-here", NoBody, 404);
        Add("route: wrong method", "PUT", Jobs, Jobbing(_ => { }), 405);
        return cases;
    }

    private static HttpContent? NoBody(BadInputWorld world) => null;

    private static Func<BadInputWorld, HttpContent?> Raw(string json) => w => JsonContent(Fill(json, w));

    private static string Fill(string text, BadInputWorld w) =>
        text.Replace("{model}", w.ModelId, StringComparison.Ordinal).Replace("{target}", w.CreditTarget, StringComparison.Ordinal);

    public static string FillPath(string path, BadInputWorld w) => Fill(path, w);

    private static StringContent JsonContent(string json) => new(json, Encoding.UTF8, "application/json");

    private static ByteArrayContent Octets(byte[] bytes)
    {
        var content = new ByteArrayContent(bytes);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        return content;
    }

    private static HttpContent Onnx(BadInputWorld world) => Octets(TestModels.Identity4());

    private static Func<BadInputWorld, HttpContent?> Quoting(Action<JsonObject> change) => w =>
    {
        var quote = JsonNode.Parse(Fill(ValidQuote, w))!.AsObject();
        change(quote);
        return JsonContent(quote.ToJsonString());
    };

    private static string JobText() =>
        """{"modelId":"{model}","latencyClass":"standard","client":{"lat":48.8,"lon":2.3},"maxPrice":1,"inputs":{"x":{"type":"float32","shape":[1,4],"data":[1,2,3,4]}}}""";

    private static Func<BadInputWorld, HttpContent?> Jobbing(Action<JsonObject> change) => w =>
    {
        var job = JsonNode.Parse(Fill(JobText(), w))!.AsObject();
        change(job);
        return JsonContent(job.ToJsonString());
    };

    /// <summary>A job whose only input x has the given raw type, shape and data JSON (which may be invalid on purpose).</summary>
    private static Func<BadInputWorld, HttpContent?> Tensor(string type, string shape, string data, bool quoteType = true)
    {
        var typeJson = quoteType ? $"\"{type}\"" : type;
        var text = JobText().Replace(
            """{"type":"float32","shape":[1,4],"data":[1,2,3,4]}""",
            $$"""{"type":{{typeJson}},"shape":{{shape}},"data":{{data}}}""",
            StringComparison.Ordinal);
        return Raw(text);
    }

    private static JsonObject Tensor4(string type) =>
        new() { ["type"] = type, ["shape"] = new JsonArray(1, 4), ["data"] = new JsonArray(1, 2, 3, 4) };

    private static JsonObject ManyInputs(int count)
    {
        var inputs = new JsonObject();
        for (var i = 0; i < count; i++)
        {
            inputs[string.Create(CultureInfo.InvariantCulture, $"x{i}")] = Tensor4("float32");
        }

        return inputs;
    }

    private static JsonObject Point(double lat, double lon) => new() { ["lat"] = lat, ["lon"] = lon };

    private static string RsaKey()
    {
        using var rsa = RSA.Create(2048);
        return Convert.ToBase64String(rsa.ExportSubjectPublicKeyInfo());
    }

    private static string EcKey(ECCurve curve)
    {
        using var ec = ECDsa.Create(curve);
        return Convert.ToBase64String(ec.ExportSubjectPublicKeyInfo());
    }
}
