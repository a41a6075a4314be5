using System.Text.Json;
using System.Text.RegularExpressions;
using CsCheck;
using Fulgur.Crypto;
using Fulgur.Protocol.Onion;
using Fulgur.TestKit;

namespace Fulgur.Protocol.Tests.Onion;

/// <summary>
/// bolts/bolt04/onion-error-test.json (reference test vector) and the BOLT 4 "Returning Errors" test-vector trace:
/// every intermediate key, stream and packet, then attribution at the origin.
/// </summary>
public sealed partial class FailurePacketVectorTests
{
    private static readonly PrivateKey SessionKey = PrivateKey.FromHex(string.Concat(Enumerable.Repeat("41", 32)));

    private sealed record ErrorVector(byte[] FailureMessage, PublicKey[] Route, JsonElement[] Hops, byte[] ErrorPacket);

    private static ErrorVector LoadJson()
    {
        using var doc = JsonDocument.Parse(SharedData.ReadText("bolts/bolt04/onion-error-test.json"));
        var root = doc.RootElement.Clone();
        var generate = root.GetProperty("generate");
        var hops = generate.GetProperty("hops").EnumerateArray().ToArray();
        Assert.Equal("4141414141414141414141414141414141414141414141414141414141414141", generate.GetProperty("session_key").GetString());
        return new ErrorVector(
            Hex.Decode(generate.GetProperty("failure_message").GetString()!),
            hops.Select(h => PublicKey.FromHex(h.GetProperty("pubkey").GetString()!)).ToArray(),
            hops,
            Hex.Decode(root.GetProperty("errorpacket").GetString()!));
    }

    private static SharedSecret[] SecretsFor(PublicKey[] route) =>
        SphinxBuilder.DeriveSharedSecrets(SessionKey, route);

    [SkippableFact]
    public void OnionErrorTestJson_SharedSecretsAndKeys_MatchEveryHop()
    {
        var v = LoadJson();
        var secrets = SecretsFor(v.Route);
        for (var i = 0; i < v.Hops.Length; i++)
        {
            Assert.Equal(v.Hops[i].GetProperty("hop_shared_secret").GetString(), secrets[i].ToHex());
            Assert.Equal(v.Hops[i].GetProperty("ammag_key").GetString(), Hex.Encode(OnionKeys.Derive(OnionKeys.Ammag, secrets[i].Span)));
            if (v.Hops[i].TryGetProperty("um_key", out var um))
                Assert.Equal(um.GetString(), Hex.Encode(OnionKeys.Derive(OnionKeys.Um, secrets[i].Span)));
        }
    }

    [SkippableFact]
    public void OnionErrorTestJson_CreateAtLastHopAndForward_GivesTheReferencePacket()
    {
        var v = LoadJson();
        var secrets = SecretsFor(v.Route);
        var erring = v.Hops.Length - 1;
        var packet = FailurePacket.Create(secrets[erring], v.FailureMessage);

        // The erring node's cleartext (after its HMAC) is the vector's "payload".
        var clear = (byte[])packet.Clone();
        FailurePacket.Obfuscate(secrets[erring], clear);
        Assert.Equal(v.Hops[erring].GetProperty("payload").GetString(), Hex.Encode(clear.AsSpan(FailurePacket.HmacLength)));

        for (var i = erring - 1; i >= 0; i--)
            packet = FailurePacket.Forward(secrets[i], packet);
        Assert.Equal(Hex.Encode(v.ErrorPacket), Hex.Encode(packet));
    }

    [SkippableFact]
    public void OnionErrorTestJson_Unwrap_NamesTheLastHopAndItsMessage()
    {
        var v = LoadJson();
        Assert.True(FailurePacket.TryUnwrap(v.ErrorPacket, SecretsFor(v.Route), out var failure));
        Assert.Equal(4, failure.ErringIndex);
        Assert.Equal(Hex.Encode(v.FailureMessage), Hex.Encode(failure.Message));
    }

    [SkippableFact]
    public void OnionErrorTestJson_UnwrapWithAShorterRoute_IsUnparseable()
    {
        var v = LoadJson();
        Assert.False(FailurePacket.TryUnwrap(v.ErrorPacket, SecretsFor(v.Route)[..4], out var failure));
        Assert.Null(failure);
    }

    [SkippableFact]
    public void OnionErrorTestJson_AnyBitFlipped_IsUnparseable()
    {
        var v = LoadJson();
        var secrets = SecretsFor(v.Route);
        foreach (var bit in new[] { 0, 7, 255, 32 * 8, 40 * 8 + 3, (v.ErrorPacket.Length * 8) - 1 })
        {
            var damaged = (byte[])v.ErrorPacket.Clone();
            damaged[bit / 8] ^= (byte)(1 << (bit % 8));
            Assert.False(FailurePacket.TryUnwrap(damaged, secrets, out _), $"bit {bit}");
        }
    }

    [Fact]
    public void RandomGarbage_IsUnparseableNotAnException()
    {
        var secrets = Enumerable.Range(1, 5).Select(i => SharedSecret.Create(Enumerable.Repeat((byte)i, 32).ToArray())).ToArray();
        Gen.Byte.Array[0, 1200].Sample(garbage =>
        {
            Assert.False(FailurePacket.TryUnwrap(garbage, secrets, out var failure));
            Assert.Null(failure);
        }, iter: 500);
        Assert.False(FailurePacket.TryUnwrap(new byte[FailurePacket.MinimumLength], [], out _));
    }

    [Fact]
    public void AMatchingHmacOverAnOverlongFailureLength_IsUnparseable()
    {
        var secret = SharedSecret.Create(Enumerable.Repeat((byte)1, 32).ToArray());
        var body = new byte[FailurePacket.MinimumLength - FailurePacket.HmacLength];
        body[0] = 0xff; // failure_len 0xff00 runs past the packet
        var packet = System.Security.Cryptography.HMACSHA256.HashData(OnionKeys.Derive(OnionKeys.Um, secret.Span), body).Concat(body).ToArray();
        FailurePacket.Obfuscate(secret, packet);
        Assert.False(FailurePacket.TryUnwrap(packet, [secret], out _));
    }

    [Fact]
    public void Create_PadsToTheRequestedLength()
    {
        var secret = SharedSecret.Create(Enumerable.Repeat((byte)1, 32).ToArray());
        Assert.Equal(FailurePacket.MinimumLength, FailurePacket.Create(secret, [0x20, 0x02]).Length);
        Assert.Equal(32 + 2 + 300 + 2, FailurePacket.Create(secret, new byte[300]).Length);
        Assert.Equal(32 + 2 + 2 + 1024, FailurePacket.Create(secret, [0x20, 0x02], paddedLength: 1024).Length);
        Assert.Throws<ArgumentOutOfRangeException>(() => FailurePacket.Create(secret, [0x20, 0x02], paddedLength: 255));
    }

    // ---- The trace in BOLT 4 "Test Vector / Returning Errors" ----

    private sealed record TraceStep(string Name, string Hex);

    private static List<TraceStep> LoadTrace()
    {
        var text = SharedData.ReadText("bolts/04-onion-routing.md");
        var start = text.IndexOf("The following is an in-depth trace of an example of error message creation", StringComparison.Ordinal);
        Assert.True(start > 0, "trace not found in 04-onion-routing.md");
        var end = text.IndexOf("## Returning success", start, StringComparison.Ordinal);
        var steps = new List<TraceStep>();
        foreach (Match m in TraceLine().Matches(text[start..(end < 0 ? text.Length : end)]))
            steps.Add(new TraceStep(m.Groups[1].Value.Trim(), m.Groups[2].Value));
        return steps;
    }

    [GeneratedRegex(@"^[ \t]*([a-z_][a-z_ 0-9]*?)[ \t]*[=:][ \t]*([0-9a-f]{32,})[ \t]*$", RegexOptions.Multiline)]
    private static partial Regex TraceLine();

    [SkippableFact]
    public void SpecTrace_CreateForwardAndUnwrap_ReproduceEveryIntermediateValue()
    {
        var steps = LoadTrace();
        var route = new[]
        {
            "02eec7245d6b7d2ccb30380bfbe2a3648cd7a942653f5aa340edcea1f283686619",
            "0324653eac434488002cc06bbfb7f10fe18991e35f9fe4302dbea6d2353dc0ab1c",
            "027f31ebc5462c1fdce1b737ecff52d37d75dea43ce11c74d25aa297165faa2007",
            "032c0b7cf95324a07d05398b240174dc0c2be444d96b159aa6c7f7b1e668680991",
            "02edabbd16b41c8371b92ef2f04c1185b4f03b6dcd52ba9b78d9d7c89c8f221145",
        }.Select(PublicKey.FromHex).ToArray();
        var secrets = SecretsFor(route);

        string Take(string name)
        {
            var index = steps.FindIndex(s => s.Name == name);
            Assert.True(index >= 0, $"trace has no further '{name}'");
            var value = steps[index].Hex;
            steps.RemoveRange(0, index + 1);
            return value;
        }

        // The trace's "encoded_failure_message" runs on through pad_len and pad; "payload" puts failure_len in front.
        var encoded = Take("encoded_failure_message");
        Assert.Equal(Take("shared_secret"), secrets[4].ToHex());
        var payload = Take("payload");
        Assert.Equal(encoded, payload[4..]);
        var message = Hex.Decode(payload)[2..(2 + Convert.ToInt32(payload[..4], 16))];
        Assert.Equal(Take("um_key"), Hex.Encode(OnionKeys.Derive(OnionKeys.Um, secrets[4].Span)));
        var raw = Take("raw_error_packet");

        // The trace pads failure_len + pad_len to 1024.
        var packet = FailurePacket.Create(secrets[4], message, paddedLength: 1024);
        var clear = (byte[])packet.Clone();
        FailurePacket.Obfuscate(secrets[4], clear);
        Assert.Equal(payload, Hex.Encode(clear.AsSpan(FailurePacket.HmacLength)));
        Assert.Equal(raw, Hex.Encode(clear));

        for (var node = 4; node >= 0; node--)
        {
            Assert.Equal(Take("shared_secret"), secrets[node].ToHex());
            var ammag = OnionKeys.Derive(OnionKeys.Ammag, secrets[node].Span);
            Assert.Equal(Take("ammag_key"), Hex.Encode(ammag));
            var stream = new byte[raw.Length / 2];
            OnionKeys.Keystream(ammag, stream);
            Assert.Equal(Take("stream"), Hex.Encode(stream));
            if (node < 4)
                packet = FailurePacket.Forward(secrets[node], packet);
            Assert.Equal(Take($"error packet for node {node}"), Hex.Encode(packet));
        }

        Assert.True(FailurePacket.TryUnwrap(packet, secrets, out var failure));
        Assert.Equal(4, failure.ErringIndex);
        Assert.Equal(Hex.Encode(message), Hex.Encode(failure.Message));
    }
}
