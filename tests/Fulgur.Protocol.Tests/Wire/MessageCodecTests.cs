using CsCheck;
using Fulgur.Crypto;
using Fulgur.Protocol.Types;
using Fulgur.Protocol.Wire;
using Fulgur.Protocol.Wire.Features;
using Fulgur.Protocol.Wire.Messages;
using Fulgur.Protocol.Wire.Tlv;
using static Fulgur.Protocol.Tests.Wire.MessageCodecAssertions;

namespace Fulgur.Protocol.Tests.Wire;

/// <summary>The BOLT 1 messages: known encodings, round trips, the envelope rules and garbage input.</summary>
public sealed class MessageCodecTests
{
    [Fact]
    public void Init_with_features_networks_and_remote_addr()
    {
        var features = FeatureBits.Empty
            .With(KnownFeatures.VarOnionOptin, FeatureSupport.Compulsory)
            .With(KnownFeatures.OptionStaticRemotekey, FeatureSupport.Compulsory)
            .With(KnownFeatures.BasicMpp, FeatureSupport.Optional);
        // remote_addr: an IPv4 address descriptor (type 1, 127.0.0.1, port 9735).
        var init = new InitMessage(FeatureBits.FromBits(9), features, [ChainHash.Regtest], ByteVector.FromHex("017f0000012607"), TlvStream.Empty);
        var bytes = MessageRegistry.Encode(init);
        Assert.Equal(
            "0010" + "0002" + "0200" + "0003" + "021100"
            + "01" + "20" + ChainHash.Regtest.ToString()
            + "03" + "07" + "017f0000012607",
            Hex.Encode(bytes));
        var decoded = Assert.IsType<InitMessage>(Decode(Hex.Encode(bytes)));
        Assert.Equal(init, decoded);
        Assert.Equal("regtest", decoded.Networks![0].NetworkName);
        Assert.True(decoded.CombinedFeatures.IsSet(9));
        Assert.True(decoded.CombinedFeatures.IsSet(16 + 1));
    }

    [Fact]
    public void Init_networks_must_be_whole_chain_hashes()
    {
        // networks (type 1) of 31 bytes: not a multiple of 32.
        var error = DecodeFailure("0010000000000" + "1" + "1f" + new string('0', 62));
        Assert.Equal(WireErrorKind.TlvInvalidValue, error.Kind);
    }

    [Fact]
    public void Init_keeps_non_minimal_feature_bytes_for_exact_reencoding()
    {
        const string hex = "0010" + "0002" + "0000" + "0003" + "000200";
        var init = Assert.IsType<InitMessage>(Decode(hex));
        Assert.Equal(FeatureBits.FromBits(9), init.Features);
        Assert.Equal(hex, Hex.Encode(MessageRegistry.Encode(init)));
    }

    [Fact]
    public void Init_truncated_anywhere_fails()
    {
        var init = new InitMessage(FeatureBits.FromBits(1, 12, 17), [ChainHash.Bitcoin]);
        var bytes = MessageRegistry.Encode(init);
        // Every cut that leaves the fixed fields incomplete, or a TLV record half-written, must fail.
        for (var cut = 2; cut < bytes.Length; cut++)
        {
            var ok = MessageRegistry.Default.TryDecode(bytes.AsSpan(0, cut), out _, out var error);
            var tlvStart = 2 + 2 + 2 + init.Features.WireBytes.Length;
            if (cut == tlvStart)
                Assert.True(ok);
            else
                Assert.False(ok, $"cut at {cut}: {error}");
        }
    }

    [Fact]
    public void Error_and_warning_round_trip_and_display_safely()
    {
        var channel = ChannelId.Parse("0101010101010101010101010101010101010101010101010101010101010101");
        var error = new ErrorMessage(channel, "internal error");
        var bytes = MessageRegistry.Encode(error);
        Assert.Equal("0011" + channel + "000e" + Hex.Encode("internal error"u8), Hex.Encode(bytes));
        var decoded = Assert.IsType<ErrorMessage>(Decode(Hex.Encode(bytes)));
        Assert.Equal(error, decoded);
        Assert.False(decoded.IsForAllChannels);
        Assert.Equal("internal error", decoded.DisplayText);

        var warning = new WarningMessage(ChannelId.All, new ByteVector([0x07, 0x41]), TlvStream.Empty);
        var warningBytes = MessageRegistry.Encode(warning);
        Assert.Equal("0001" + new string('0', 64) + "0002" + "0741", Hex.Encode(warningBytes));
        var decodedWarning = Assert.IsType<WarningMessage>(Decode(Hex.Encode(warningBytes)));
        Assert.True(decodedWarning.IsForAllChannels);
        Assert.Equal("0x0741", decodedWarning.DisplayText);
    }

    [Fact]
    public void Error_data_longer_than_the_message_fails()
    {
        var error = DecodeFailure("0011" + new string('0', 64) + "0005" + "41424344");
        Assert.Equal(WireErrorKind.Truncated, error.Kind);
    }

    [Fact]
    public void Ping_below_65532_asks_for_a_pong_of_that_length()
    {
        var ping = Assert.IsType<PingMessage>(Decode("0012" + "0004" + "0002" + "0000"));
        Assert.True(ping.ExpectsPong);
        var pong = ping.CreatePong();
        Assert.NotNull(pong);
        Assert.Equal("0013" + "0004" + "00000000", Hex.Encode(MessageRegistry.Encode(pong)));
        Assert.True(pong.Answers(ping));
        Assert.False(new PongMessage(3).Answers(ping));
    }

    [Theory]
    [InlineData(65531, true)]
    [InlineData(65532, false)]
    [InlineData(65535, false)]
    public void Ping_num_pong_bytes_threshold(int numPongBytes, bool expectsPong)
    {
        var ping = new PingMessage((ushort)numPongBytes);
        Assert.Equal(expectsPong, ping.ExpectsPong);
        Assert.Equal(expectsPong, ping.CreatePong() is not null);
    }

    [Fact]
    public void Ping_padding_is_kept()
    {
        var ping = Assert.IsType<PingMessage>(Decode("0012" + "0000" + "0003" + "abcdef"));
        Assert.Equal("abcdef", ping.Ignored.ToHex());
        Assert.Equal("0012" + "0000" + "0003" + "abcdef", Hex.Encode(MessageRegistry.Encode(ping)));
    }

    [Fact]
    public void Peer_storage_round_trips()
    {
        var blob = new ByteVector([1, 2, 3]);
        foreach (IWireMessage message in new IWireMessage[] { new PeerStorageMessage(blob), new PeerStorageRetrievalMessage(blob) })
        {
            var bytes = MessageRegistry.Encode(message);
            Assert.Equal(message, Decode(Hex.Encode(bytes)));
        }
        Assert.Equal("0007" + "0003" + "010203", Hex.Encode(MessageRegistry.Encode(new PeerStorageMessage(blob))));
        Assert.Equal("0009" + "0003" + "010203", Hex.Encode(MessageRegistry.Encode(new PeerStorageRetrievalMessage(blob))));
    }

    [Fact]
    public void Unknown_odd_message_is_returned_to_be_ignored()
    {
        var message = Assert.IsType<UnknownMessage>(Decode("8001" + "deadbeef"));
        Assert.Equal(new MessageType(0x8001), message.Type);
        Assert.Equal("deadbeef", message.Payload.ToHex());
        Assert.Equal("8001deadbeef", Hex.Encode(MessageRegistry.Encode(message)));
    }

    [Fact]
    public void Unknown_even_message_is_an_error()
    {
        Assert.Equal(WireErrorKind.UnknownEvenMessageType, DecodeFailure("8000" + "deadbeef").Kind);
        Assert.Equal(WireErrorKind.UnknownEvenMessageType, DecodeFailure("0000").Kind);
    }

    [Fact]
    public void Message_without_a_type_is_an_error()
    {
        Assert.Equal(WireErrorKind.MissingMessageType, DecodeFailure("").Kind);
        Assert.Equal(WireErrorKind.MissingMessageType, DecodeFailure("00").Kind);
    }

    [Fact]
    public void Extension_on_a_message_without_tlvs_keeps_odd_records_and_refuses_even_ones()
    {
        var pong = Assert.IsType<PongMessage>(Decode("0013" + "0000" + "0301ff"));
        Assert.Equal(3UL, Assert.Single(pong.UnknownTlvs.Records).Type);
        Assert.Equal("0013" + "0000" + "0301ff", Hex.Encode(MessageRegistry.Encode(pong)));
        Assert.Equal(WireErrorKind.TlvUnknownEvenType, DecodeFailure("0013" + "0000" + "0201ff").Kind);
    }

    [Fact]
    public void Encoding_a_message_over_65535_bytes_is_a_bug()
    {
        var huge = new PongMessage(ByteVector.Zeros(65531), TlvStream.Empty);
        Assert.Equal(65535, MessageRegistry.Encode(huge).Length);
        var tooBig = huge with { UnknownTlvs = TlvStream.Create(new TlvRecord(1, ByteVector.Empty)) };
        Assert.Throws<InvalidOperationException>(() => MessageRegistry.Encode(tooBig));
    }

    [Fact]
    public void Registry_refuses_a_type_registered_twice()
    {
        var registry = new MessageRegistry().Add<PingMessage>();
        Assert.Throws<InvalidOperationException>(() => registry.Add<PingMessage>());
    }

    internal static readonly Gen<TlvStream> UnknownOddTlvs =
        Gen.Select(Gen.ULong[0, 300], Gen.Byte.Array[0, 20])
            .Array[0, 4]
            .Select(records => TlvStream.Create(records
                .Select(r => (Type: r.Item1 * 2 + 1 + 1000, Value: r.Item2))
                .DistinctBy(r => r.Type)
                .Select(r => new TlvRecord(r.Type, new ByteVector(r.Value)))));

    internal static readonly Gen<FeatureBits> AnyFeatures =
        Gen.Int[0, 80].Array[0, 10].Select(bits => FeatureBits.FromBits(bits));

    private static readonly Gen<ChannelId> AnyChannelId = Gen.Byte.Array[32].Select(b => ChannelId.FromSpan(b));

    private static readonly Gen<ByteVector> AnyBytes = Gen.Byte.Array[0, 100].Select(b => new ByteVector(b));

    internal static readonly Gen<IWireMessage> AnyMessage = Gen.OneOf<IWireMessage>(
        Gen.Select(AnyFeatures, AnyFeatures, Gen.Byte.Array[32].Array[0, 3].Null(), AnyBytes.Nullable(), UnknownOddTlvs)
            .Select(t => (IWireMessage)new InitMessage(t.Item1, t.Item2, t.Item3?.Select(b => ChainHash.FromSpan(b)).ToList(), t.Item4, t.Item5)),
        Gen.Select(AnyChannelId, AnyBytes, UnknownOddTlvs).Select(t => (IWireMessage)new ErrorMessage(t.Item1, t.Item2, t.Item3)),
        Gen.Select(AnyChannelId, AnyBytes, UnknownOddTlvs).Select(t => (IWireMessage)new WarningMessage(t.Item1, t.Item2, t.Item3)),
        Gen.Select(Gen.UShort, AnyBytes, UnknownOddTlvs).Select(t => (IWireMessage)new PingMessage(t.Item1, t.Item2, t.Item3)),
        Gen.Select(AnyBytes, UnknownOddTlvs).Select(t => (IWireMessage)new PongMessage(t.Item1, t.Item2)),
        Gen.Select(AnyBytes, UnknownOddTlvs).Select(t => (IWireMessage)new PeerStorageMessage(t.Item1, t.Item2)),
        Gen.Select(AnyBytes, UnknownOddTlvs).Select(t => (IWireMessage)new PeerStorageRetrievalMessage(t.Item1, t.Item2)));

    [Fact]
    public void Every_message_round_trips()
    {
        AnyMessage.Sample(message => AssertRoundTrips(message));
    }

    [Fact]
    public void Truncated_messages_fail_without_throwing()
    {
        // Never throws; a cut that happens to end on a record boundary may still decode, and then must re-encode to itself.
        Gen.Select(AnyMessage, Gen.Int[0, 1000]).Sample(AssertTruncationDecodesExactlyOrFails);
    }

    [Fact]
    public void Mutated_messages_never_throw_and_whatever_decodes_reencodes_exactly()
    {
        // Structure-aware fuzzing: start from a valid encoding, then flip, insert or delete a byte.
        Gen.Select(AnyMessage, Gen.Int[0, 2], Gen.Int[0, 10_000], Gen.Byte).Sample(AssertMutationDecodesExactlyOrFails, iter: 2000);
    }

    [Fact]
    public void Init_networks_say_which_chains_the_peer_wants()
    {
        Assert.True(new InitMessage(FeatureBits.Empty).IsInterestedIn(ChainHash.Regtest));
        var bitcoinOnly = new InitMessage(FeatureBits.Empty, [ChainHash.Bitcoin]);
        Assert.True(bitcoinOnly.IsInterestedIn(ChainHash.Bitcoin));
        Assert.False(bitcoinOnly.IsInterestedIn(ChainHash.Regtest));
        Assert.False(new InitMessage(FeatureBits.Empty, []).IsInterestedIn(ChainHash.Bitcoin));
    }

    [Fact]
    public void Garbage_never_throws_and_whatever_decodes_reencodes_exactly()
    {
        var knownTypes = new byte[] { 0, 1, 7, 9, 16, 17, 18, 19 };
        Gen.Select(Gen.OneOf(knownTypes), Gen.Byte.Array[0, 200]).Sample((type, payload) => AssertGarbageDecodesExactlyOrFails(type, payload));
        Gen.Byte.Array[0, 64].Sample(AssertDecodesExactlyOrFails);
    }
}
