using System.Text.Json.Nodes;
using Fulgur.Crypto;
using Fulgur.Protocol.Wire;
using Fulgur.Protocol.Wire.Messages;
using Fulgur.TestKit;

namespace Fulgur.Protocol.Tests.Wire.Interop;

/// <summary>
/// Runs tests/interop/electrum/electrum_wire.py against Debian's python3-electrum, an independent BOLT 1 codec.
/// Tests skip, saying why, when /usr/bin/python3 cannot import electrum.lnmsg.
/// </summary>
internal static class ElectrumWire
{
    private const string Script = "electrum_wire.py";

    public static void SkipUnlessAvailable() => ElectrumPython.RequireScript(Script, "import electrum.lnmsg");

    public static Task<JsonArray> RunAsync(JsonArray cases) => ElectrumPython.RunJsonAsync(Script, cases);

    /// <summary>Has Electrum decode each of <paramref name="messages"/> as we encode it; each must decode. Returns its answers, in order.</summary>
    public static async Task<JsonArray> DecodeAsync(IReadOnlyList<IWireMessage> messages)
    {
        var cases = new JsonArray([.. messages.Select(m => (JsonNode)new JsonObject { ["op"] = "decode", ["hex"] = Hex.Encode(MessageRegistry.Encode(m)) })]);
        var results = await RunAsync(cases);
        for (var i = 0; i < messages.Count; i++)
            Assert.True(results[i]!["ok"]!.GetValue<bool>(), $"{messages[i]}: {results[i]!["error"]}");
        return results;
    }

    /// <summary>
    /// Has Electrum encode each of <paramref name="expected"/> (described by <paramref name="encodeCase"/>); each of its
    /// encodings must decode to that message and re-encode to the same bytes.
    /// </summary>
    public static async Task AssertWeDecodeWhatItEncodesAsync(IReadOnlyList<IWireMessage> expected, Func<IWireMessage, JsonObject> encodeCase)
    {
        var cases = new JsonArray([.. expected.Select(m => (JsonNode)encodeCase(m))]);
        var results = await RunAsync(cases);
        for (var i = 0; i < expected.Count; i++)
        {
            var result = results[i]!;
            Assert.True(result["ok"]!.GetValue<bool>(), $"{expected[i]}: {result["error"]}");
            var bytes = Hex.Decode(result["hex"]!.GetValue<string>());
            Assert.True(MessageRegistry.Default.TryDecode(bytes, out var decoded, out var error), $"{Hex.Encode(bytes)}: {error}");
            Assert.Equal(expected[i], decoded);
            Assert.Equal(bytes, MessageRegistry.Encode(decoded));
        }
    }
}
