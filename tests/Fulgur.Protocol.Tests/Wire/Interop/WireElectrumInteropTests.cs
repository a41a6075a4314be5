using System.Globalization;
using System.Text.Json.Nodes;
using Fulgur.Crypto;
using Fulgur.Protocol.Types;
using Fulgur.Protocol.Wire;
using Fulgur.Protocol.Wire.Features;
using Fulgur.Protocol.Wire.Messages;
using Fulgur.Protocol.Wire.Tlv;

namespace Fulgur.Protocol.Tests.Wire.Interop;

/// <summary>
/// BOLT 1 against Electrum's independent codec (python3-electrum's electrum.lnmsg, driven by its own copy of the
/// spec's message table): each side decodes what the other encodes, and both agree on which mutated
/// <c>init</c> messages to refuse. Cases come from a fixed seed, so a failure is reproducible.
/// </summary>
public sealed class WireElectrumInteropTests
{
    private const int Seed = 20261124;

    private static ByteVector RandomBytes(Random random, int maxLength)
    {
        var bytes = new byte[random.Next(0, maxLength + 1)];
        random.NextBytes(bytes);
        return new ByteVector(bytes);
    }

    private static TlvStream RandomOddTlvs(Random random)
    {
        var records = new List<TlvRecord>();
        var type = 5UL;
        for (var i = random.Next(0, 3); i > 0; i--)
        {
            type += (ulong)random.Next(1, 200) * 2;
            records.Add(new TlvRecord(type, RandomBytes(random, 10)));
        }
        return TlvStream.Create(records);
    }

    private static ChannelId RandomChannelId(Random random)
    {
        var bytes = new byte[32];
        random.NextBytes(bytes);
        return ChannelId.FromSpan(bytes);
    }

    internal static List<IWireMessage> RandomMessages(Random random, int count)
    {
        var messages = new List<IWireMessage>();
        for (var i = 0; i < count; i++)
        {
            messages.Add((i % 5) switch
            {
                0 => new InitMessage(
                    FeatureBits.FromBits(Enumerable.Range(0, random.Next(0, 4)).Select(_ => random.Next(0, 14))),
                    FeatureBits.FromBits(Enumerable.Range(0, random.Next(0, 8)).Select(_ => random.Next(0, 70))),
                    random.Next(3) == 0 ? null : [.. Enumerable.Range(0, random.Next(0, 3)).Select(_ => new ChainHash(RandomChannelId(random).Value))],
                    random.Next(2) == 0 ? null : RandomBytes(random, 20),
                    RandomOddTlvs(random)),
                1 => new ErrorMessage(RandomChannelId(random), RandomBytes(random, 60), TlvStream.Empty),
                2 => new WarningMessage(RandomChannelId(random), RandomBytes(random, 60), TlvStream.Empty),
                3 => new PingMessage((ushort)random.Next(0, 65536), RandomBytes(random, 40), TlvStream.Empty),
                _ => new PongMessage(RandomBytes(random, 40), TlvStream.Empty),
            });
        }
        return messages;
    }

    private static string Hx(JsonNode? node) => node!["hex"]!.GetValue<string>();

    private static int Int(JsonNode? node) => node!.GetValue<int>();

    [SkippableFact]
    public async Task Electrum_decodes_what_we_encode()
    {
        ElectrumWire.SkipUnlessAvailable();
        var messages = RandomMessages(new Random(Seed), 100);
        var results = await ElectrumWire.DecodeAsync(messages);
        for (var i = 0; i < messages.Count; i++)
        {
            var result = results[i]!;
            var fields = result["fields"]!;
            switch (messages[i])
            {
                case InitMessage init:
                    Assert.Equal("init", result["type"]!.GetValue<string>());
                    Assert.Equal(init.GlobalFeatures.ToHex(), Hx(fields["globalfeatures"]));
                    Assert.Equal(init.Features.ToHex(), Hx(fields["features"]));
                    // Electrum knows networks but not remote_addr, which, being odd, it skips as it should.
                    var networks = fields["init_tlvs"]?["networks"];
                    Assert.Equal(init.Networks is not null, networks is not null);
                    if (init.Networks is not null)
                        Assert.Equal(string.Concat(init.Networks.Select(n => n.ToString())), Hx(networks!["chains"]));
                    break;
                case ErrorMessage error:
                    Assert.Equal("error", result["type"]!.GetValue<string>());
                    Assert.Equal(error.ChannelId.ToString(), Hx(fields["channel_id"]));
                    Assert.Equal(error.Data.ToHex(), Hx(fields["data"]));
                    break;
                case WarningMessage warning:
                    Assert.Equal("warning", result["type"]!.GetValue<string>());
                    Assert.Equal(warning.ChannelId.ToString(), Hx(fields["channel_id"]));
                    Assert.Equal(warning.Data.ToHex(), Hx(fields["data"]));
                    break;
                case PingMessage ping:
                    Assert.Equal("ping", result["type"]!.GetValue<string>());
                    Assert.Equal(ping.NumPongBytes, Int(fields["num_pong_bytes"]));
                    Assert.Equal(ping.Ignored.ToHex(), Hx(fields["ignored"]));
                    break;
                case PongMessage pong:
                    Assert.Equal("pong", result["type"]!.GetValue<string>());
                    Assert.Equal(pong.Ignored.ToHex(), Hx(fields["ignored"]));
                    break;
            }
        }
    }

    [SkippableFact]
    public async Task We_decode_what_Electrum_encodes()
    {
        ElectrumWire.SkipUnlessAvailable();
        var random = new Random(Seed + 1);
        var expected = RandomMessages(random, 100)
            .Select(m => m switch
            {
                // Electrum writes only the TLVs it knows, so ours carry none beyond networks.
                InitMessage init => init with { RemoteAddress = null, UnknownTlvs = TlvStream.Empty },
                _ => m,
            })
            .ToList();
        await ElectrumWire.AssertWeDecodeWhatItEncodesAsync(expected, ElectrumEncodeCase);
    }

    private static JsonObject Bytes(ByteVector bytes) => new() { ["hex"] = bytes.ToHex() };

    private static JsonObject ElectrumEncodeCase(IWireMessage message)
    {
        var (type, fields) = message switch
        {
            InitMessage init => ("init", new JsonObject
            {
                ["gflen"] = init.GlobalFeatures.WireBytes.Length,
                ["globalfeatures"] = Bytes(new ByteVector(init.GlobalFeatures.WireBytes)),
                ["flen"] = init.Features.WireBytes.Length,
                ["features"] = Bytes(new ByteVector(init.Features.WireBytes)),
                ["init_tlvs"] = init.Networks is null
                    ? new JsonObject()
                    : new JsonObject { ["networks"] = new JsonObject { ["chains"] = new JsonObject { ["hex"] = string.Concat(init.Networks.Select(n => n.ToString())) } } },
            }),
            ErrorMessage error => ("error", new JsonObject { ["channel_id"] = Bytes(new ByteVector(error.ChannelId.ToArray())), ["len"] = error.Data.Length, ["data"] = Bytes(error.Data) }),
            WarningMessage warning => ("warning", new JsonObject { ["channel_id"] = Bytes(new ByteVector(warning.ChannelId.ToArray())), ["len"] = warning.Data.Length, ["data"] = Bytes(warning.Data) }),
            PingMessage ping => ("ping", new JsonObject { ["num_pong_bytes"] = (int)ping.NumPongBytes, ["byteslen"] = ping.Ignored.Length, ["ignored"] = Bytes(ping.Ignored) }),
            PongMessage pong => ("pong", new JsonObject { ["byteslen"] = pong.Ignored.Length, ["ignored"] = Bytes(pong.Ignored) }),
            _ => throw new InvalidOperationException(message.ToString()),
        };
        return new JsonObject { ["op"] = "encode", ["type"] = type, ["fields"] = fields };
    }

    [SkippableFact]
    public async Task Both_refuse_the_same_mutated_init_messages()
    {
        ElectrumWire.SkipUnlessAvailable();
        var random = new Random(Seed + 2);
        var inputs = new List<byte[]>();
        foreach (var init in RandomMessages(random, 300).OfType<InitMessage>())
        {
            var bytes = MessageRegistry.Encode(init).ToList();
            for (var k = 0; k < 4; k++)
            {
                var mutated = bytes.ToList();
                var at = random.Next(2, mutated.Count + 1);
                switch (random.Next(3))
                {
                    case 0 when at < mutated.Count:
                        mutated[at] ^= (byte)(1 << random.Next(8));
                        break;
                    case 1:
                        mutated.Insert(at, (byte)random.Next(256));
                        break;
                    default:
                        if (at < mutated.Count)
                            mutated.RemoveAt(at);
                        break;
                }
                inputs.Add([.. mutated]);
            }
        }
        var cases = new JsonArray([.. inputs.Select(b => (JsonNode)new JsonObject { ["op"] = "decode", ["hex"] = Hex.Encode(b) })]);
        var results = await ElectrumWire.RunAsync(cases);
        var disagreements = new List<string>();
        var refused = 0;
        for (var i = 0; i < inputs.Count; i++)
        {
            var ours = MessageRegistry.Default.TryDecode(inputs[i], out _, out var error);
            var theirs = results[i]!["ok"]!.GetValue<bool>();
            // Known, deliberate difference: Electrum reads `networks` as "all remaining bytes" without checking they
            // are whole chain hashes; BOLT 1 says a known type with the wrong length MUST fail the stream.
            if (!ours && theirs && error.Kind == WireErrorKind.TlvInvalidValue && error.Detail.Contains("networks", StringComparison.Ordinal))
                continue;
            if (ours != theirs)
                disagreements.Add($"{Hex.Encode(inputs[i])}: ours {(ours ? "accepts" : $"refuses ({error})")}, Electrum {(theirs ? "accepts" : $"refuses ({results[i]!["error"]})")}");
            if (!ours)
                refused++;
        }
        Assert.True(disagreements.Count == 0, string.Join(Environment.NewLine, disagreements.Take(20)));
        Assert.True(refused > 10, $"only {refused} of {inputs.Count} mutations were refused: the mutations are too gentle");
    }

    [SkippableFact]
    public async Task BigSize_encodings_and_refusals_agree()
    {
        ElectrumWire.SkipUnlessAvailable();
        var random = new Random(Seed + 3);
        var values = Enumerable.Range(0, 200).Select(i => (ulong)random.NextInt64() >> random.Next(0, 64)).Concat<ulong>([0UL, 0xfc, 0xfd, 0xffff, 0x1_0000, 0xffff_ffff, 0x1_0000_0000, ulong.MaxValue]).ToList();
        var garbage = Enumerable.Range(0, 300).Select(_ =>
        {
            var bytes = new byte[random.Next(1, 10)];
            random.NextBytes(bytes);
            bytes[0] = (byte)(0xfc + random.Next(4));
            return bytes;
        }).ToList();
        var cases = new JsonArray([
            .. values.Select(v => (JsonNode)new JsonObject { ["op"] = "bigsize_encode", ["value"] = v.ToString(CultureInfo.InvariantCulture) }),
            .. garbage.Select(b => (JsonNode)new JsonObject { ["op"] = "bigsize_decode", ["hex"] = Hex.Encode(b) }),
        ]);
        var results = await ElectrumWire.RunAsync(cases);
        for (var i = 0; i < values.Count; i++)
        {
            var value = values[i];
            Assert.Equal(results[i]!["hex"]!.GetValue<string>(), Hex.Encode(WireWriter.ToArray(w => w.WriteBigSize(value))));
        }
        for (var i = 0; i < garbage.Count; i++)
        {
            var result = results[values.Count + i]!;
            var reader = new WireReader(garbage[i]);
            var ok = reader.TryReadBigSize(out var value);
            Assert.Equal(result["ok"]!.GetValue<bool>(), ok);
            if (ok)
            {
                Assert.Equal(result["value"]!.GetValue<string>(), value.ToString(CultureInfo.InvariantCulture));
                Assert.Equal(result["consumed"]!.GetValue<int>(), reader.Position);
            }
        }
    }
}
