using CsCheck;
using Fulgur.Bitcoin;
using Fulgur.Bitcoin.Fees;
using Fulgur.Bitcoin.Transactions;
using Fulgur.Crypto;
using Fulgur.Protocol.Channels;
using Fulgur.Protocol.Onion;
using Fulgur.Protocol.Types;
using Fulgur.Protocol.Wire;
using Fulgur.Protocol.Wire.Features;
using Fulgur.Protocol.Wire.Messages;
using Fulgur.Protocol.Wire.Tlv;
using static Fulgur.Protocol.Tests.Wire.MessageCodecAssertions;

namespace Fulgur.Protocol.Tests.Wire.Messages.Channel;

/// <summary>
/// The BOLT 2 messages: encodings assembled field by field from the spec's data lists, round trips with and without
/// TLVs, unknown TLV handling, and truncated, mutated and garbage input refused with an error, never an exception.
/// </summary>
public sealed class ChannelMessageCodecTests
{
    private static readonly ChannelId Cid = ChannelId.Parse("0101010101010101010101010101010101010101010101010101010101010101");
    private static readonly PublicKey P1 = Key(1);
    private static readonly PublicKey P2 = Key(2);
    private static readonly EcdsaSignature Sig1 = Sign(1);
    private static readonly EcdsaSignature Sig2 = Sign(2);

    private static PublicKey Key(byte i)
    {
        using var key = PrivateKey.Create(Sha256.Hash([i]));
        return key.PublicKey;
    }

    private static EcdsaSignature Sign(byte i)
    {
        using var key = PrivateKey.Create(Sha256.Hash([i]));
        return key.Sign(Sha256.Hash([i, i]));
    }

    private static string H(PublicKey key) => key.ToHex();

    private static string H(EcdsaSignature signature) => Hex.Encode(signature.ToCompact());

    private static string Repeat(string hexByte, int count) => string.Concat(Enumerable.Repeat(hexByte, count));

    private static WireError DecodeFailure(string hex)
    {
        var error = MessageCodecAssertions.DecodeFailure(hex);
        Assert.NotEqual(WireErrorKind.None, error.Kind);
        return error;
    }

    /// <summary>Encodes <paramref name="message"/>, checks it against <paramref name="expectedHex"/> and decodes it back.</summary>
    private static T AssertEncoding<T>(T message, string expectedHex)
        where T : IWireMessage
    {
        Assert.Equal(expectedHex, Hex.Encode(MessageRegistry.Encode(message)));
        var decoded = Assert.IsType<T>(Decode(expectedHex));
        Assert.Equal(message, decoded);
        return decoded;
    }

    [Theory]
    [InlineData(typeof(OpenChannelMessage), 32)]
    [InlineData(typeof(AcceptChannelMessage), 33)]
    [InlineData(typeof(FundingCreatedMessage), 34)]
    [InlineData(typeof(FundingSignedMessage), 35)]
    [InlineData(typeof(ChannelReadyMessage), 36)]
    [InlineData(typeof(StfuMessage), 2)]
    [InlineData(typeof(ShutdownMessage), 38)]
    [InlineData(typeof(ClosingSignedMessage), 39)]
    [InlineData(typeof(ClosingCompleteMessage), 40)]
    [InlineData(typeof(ClosingSigMessage), 41)]
    [InlineData(typeof(UpdateAddHtlcMessage), 128)]
    [InlineData(typeof(UpdateFulfillHtlcMessage), 130)]
    [InlineData(typeof(UpdateFailHtlcMessage), 131)]
    [InlineData(typeof(UpdateFailMalformedHtlcMessage), 135)]
    [InlineData(typeof(CommitmentSignedMessage), 132)]
    [InlineData(typeof(RevokeAndAckMessage), 133)]
    [InlineData(typeof(UpdateFeeMessage), 134)]
    [InlineData(typeof(ChannelReestablishMessage), 136)]
    public void Registered_under_the_spec_type_number(Type clrType, int type)
    {
        Assert.True(MessageRegistry.Default.TryGetDescriptor(new MessageType((ushort)type), out var descriptor));
        Assert.Equal(clrType, descriptor.ClrType);
    }

    [Fact]
    public void Open_channel_fields_in_spec_order_with_both_tlvs()
    {
        var open = new OpenChannelMessage(
            ChainHash.Regtest, Cid, new Satoshi(1_000_000), new MilliSatoshi(2_000), new Satoshi(546), MaxHtlcValueInFlight.Unlimited,
            new Satoshi(10_000), new MilliSatoshi(1), new FeeRate(253), new ToSelfDelay(144), 483,
            P1, P2, P1, P2, P1, P2, OpenChannelMessage.AnnounceChannelBit,
            ByteVector.FromHex("0014" + Repeat("aa", 20)), FeatureBits.FromBits(12, 22), TlvStream.Empty);
        var decoded = AssertEncoding(open,
            "0020" + ChainHash.Regtest + Cid
            + "00000000000f4240" + "00000000000007d0" + "0000000000000222" + "ffffffffffffffff"
            + "0000000000002710" + "0000000000000001" + "000000fd" + "0090" + "01e3"
            + H(P1) + H(P2) + H(P1) + H(P2) + H(P1) + H(P2) + "01"
            + "00" + "16" + "0014" + Repeat("aa", 20)
            + "01" + "03" + "401000");
        Assert.True(decoded.AnnounceChannel);
        Assert.Equal(ulong.MaxValue, decoded.MaxHtlcValueInFlightMsat.RawMsat);
        Assert.Equal(new MilliSatoshi(1_000_000_000), decoded.MaxHtlcValueInFlightMsat.Clamp(new MilliSatoshi(1_000_000_000)));
        Assert.True(decoded.ChannelType!.IsSet(12));
    }

    [Fact]
    public void Open_channel_empty_upfront_shutdown_script_is_present_but_empty()
    {
        var open = new RandomChannelMessages(new Random(1)) { WithTlvs = false }.OpenChannel() with { UpfrontShutdownScript = ByteVector.Empty };
        var bytes = MessageRegistry.Encode(open);
        Assert.Equal("0000", Hex.Encode(bytes.AsSpan(bytes.Length - 2)));
        var decoded = Assert.IsType<OpenChannelMessage>(Decode(Hex.Encode(bytes)));
        Assert.Equal(ByteVector.Empty, decoded.UpfrontShutdownScript);
        Assert.Null(decoded.ChannelType);
    }

    [Fact]
    public void Accept_channel_fields_in_spec_order()
    {
        var accept = new AcceptChannelMessage(
            Cid, new Satoshi(354), new MaxHtlcValueInFlight(5_000_000), new Satoshi(1_000), new MilliSatoshi(0), 3,
            new ToSelfDelay(720), 30, P2, P1, P2, P1, P2, P1, null, FeatureBits.Empty, TlvStream.Empty);
        AssertEncoding(accept,
            "0021" + Cid + "0000000000000162" + "00000000004c4b40" + "00000000000003e8" + "0000000000000000"
            + "00000003" + "02d0" + "001e" + H(P2) + H(P1) + H(P2) + H(P1) + H(P2) + H(P1)
            + "01" + "00");
    }

    [Fact]
    public void Funding_created_and_signed()
    {
        var txid = TxId.FromBytes(Hex.Decode(Repeat("11", 31) + "22"));
        var created = AssertEncoding(new FundingCreatedMessage(Cid, txid, 3, Sig1),
            "0022" + Cid + Repeat("11", 31) + "22" + "0003" + H(Sig1));
        // BOLT 2: the channel_id XORs the output index into the last two bytes of the txid.
        Assert.Equal(ChannelId.Parse(Repeat("11", 30) + "1121"), created.ChannelId);
        AssertEncoding(new FundingSignedMessage(Cid, Sig2), "0023" + Cid + H(Sig2));
    }

    [Fact]
    public void Channel_ready_with_and_without_alias()
    {
        AssertEncoding(new ChannelReadyMessage(Cid, P1), "0024" + Cid + H(P1));
        var alias = ShortChannelId.Create(700_000, 1, 2);
        AssertEncoding(new ChannelReadyMessage(Cid, P1, alias), "0024" + Cid + H(P1) + "01" + "08" + alias.Value.ToString("x16", null));
    }

    [Fact]
    public void Stfu_initiator_byte()
    {
        Assert.True(AssertEncoding(new StfuMessage(Cid, true), "0002" + Cid + "01").IsInitiator);
        Assert.False(AssertEncoding(new StfuMessage(Cid, false), "0002" + Cid + "00").IsInitiator);
    }

    [Fact]
    public void Shutdown_and_closing_signed()
    {
        var script = ByteVector.FromHex("0014" + Repeat("bb", 20));
        AssertEncoding(new ShutdownMessage(Cid, script), "0026" + Cid + "0016" + script.ToHex());
        AssertEncoding(new ClosingSignedMessage(Cid, new Satoshi(500), Sig1), "0027" + Cid + "00000000000001f4" + H(Sig1));
        var withRange = AssertEncoding(
            new ClosingSignedMessage(Cid, new Satoshi(500), Sig1, new ClosingFeeRange(new Satoshi(400), new Satoshi(600))),
            "0027" + Cid + "00000000000001f4" + H(Sig1) + "01" + "10" + "0000000000000190" + "0000000000000258");
        Assert.True(withRange.FeeRange!.Value.Contains(new Satoshi(500)));
        Assert.False(withRange.FeeRange!.Value.Contains(new Satoshi(601)));
    }

    [Fact]
    public void Closing_complete_and_closing_sig_share_their_layout()
    {
        var closer = ByteVector.FromHex("0014" + Repeat("cc", 20));
        var closee = ByteVector.FromHex("51");
        var signatures = new ClosingSignatures(Sig1, null, Sig2);
        var body = Cid + "0016" + closer.ToHex() + "0001" + "51" + "00000000000003e8" + "0009fbf0"
            + "01" + "40" + H(Sig1) + "03" + "40" + H(Sig2);
        AssertEncoding(new ClosingCompleteMessage(Cid, closer, closee, new Satoshi(1000), 654_320, signatures, TlvStream.Empty), "0028" + body);
        var sig = AssertEncoding(new ClosingSigMessage(Cid, closer, closee, new Satoshi(1000), 654_320, signatures, TlvStream.Empty), "0029" + body);
        Assert.Null(sig.Signatures.CloseeOutputOnly);
        Assert.False(sig.Signatures.IsEmpty);
        Assert.True(ClosingSignatures.None.IsEmpty);
    }

    [Fact]
    public void Update_add_htlc_with_and_without_blinded_path()
    {
        var onion = new ByteVector([.. Enumerable.Range(0, 1366).Select(i => (byte)i)]);
        var hash = new PaymentHash(Bytes32.FromSpan(Hex.Decode(Repeat("ab", 32))));
        var fixedPart = Cid + "0000000000000007" + "00000000000f4240" + Repeat("ab", 32) + "000aae60" + onion.ToHex();
        var add = AssertEncoding(new UpdateAddHtlcMessage(Cid, 7, new MilliSatoshi(1_000_000), hash, new CltvExpiry(700_000), onion, null, TlvStream.Empty),
            "0080" + fixedPart);
        Assert.Equal(onion.ToArray(), add.Onion.ToArray());
        AssertEncoding(new UpdateAddHtlcMessage(Cid, 7, new MilliSatoshi(1_000_000), hash, new CltvExpiry(700_000), onion, P2, TlvStream.Empty),
            "0080" + fixedPart + "00" + "21" + H(P2));
    }

    [Fact]
    public void Update_fulfill_fail_and_fail_malformed()
    {
        var preimage = new Preimage(Bytes32.FromSpan(Hex.Decode(Repeat("77", 32))));
        AssertEncoding(new UpdateFulfillHtlcMessage(Cid, 1, preimage), "0082" + Cid + "0000000000000001" + Repeat("77", 32));
        var attribution = new ByteVector([.. Enumerable.Range(0, AttributionData.Length).Select(i => (byte)(i * 7))]);
        AssertEncoding(new UpdateFulfillHtlcMessage(Cid, 1, preimage, attribution, TlvStream.Empty),
            "0082" + Cid + "0000000000000001" + Repeat("77", 32) + "01" + "fd0398" + attribution.ToHex());
        AssertEncoding(new UpdateFailHtlcMessage(Cid, 2, ByteVector.FromHex("deadbeef")), "0083" + Cid + "0000000000000002" + "0004" + "deadbeef");
        AssertEncoding(new UpdateFailHtlcMessage(Cid, 2, ByteVector.FromHex("deadbeef"), attribution, TlvStream.Empty),
            "0083" + Cid + "0000000000000002" + "0004" + "deadbeef" + "01" + "fd0398" + attribution.ToHex());
        var malformed = AssertEncoding(
            new UpdateFailMalformedHtlcMessage(Cid, 3, Bytes32.FromSpan(Hex.Decode(Repeat("55", 32))), FailureCode.InvalidOnionHmac),
            "0087" + Cid + "0000000000000003" + Repeat("55", 32) + "c005");
        Assert.True(malformed.HasBadOnionBit);
        Assert.False((malformed with { FailureCode = FailureCode.TemporaryChannelFailure }).HasBadOnionBit);
    }

    [Fact]
    public void Commitment_signed_with_htlc_signatures_and_funding_txid()
    {
        AssertEncoding(new CommitmentSignedMessage(Cid, Sig1, []), "0084" + Cid + H(Sig1) + "0000");
        var txid = TxId.FromBytes(Hex.Decode(Repeat("42", 32)));
        AssertEncoding(new CommitmentSignedMessage(Cid, Sig1, [Sig2, Sig1], txid, TlvStream.Empty),
            "0084" + Cid + H(Sig1) + "0002" + H(Sig2) + H(Sig1) + "01" + "20" + Repeat("42", 32));
    }

    [Fact]
    public void Commitment_signed_count_beyond_the_message_is_refused_before_reading()
    {
        Assert.Equal(WireErrorKind.Truncated, DecodeFailure("0084" + Cid + H(Sig1) + "ffff" + H(Sig2)).Kind);
        Assert.Equal(WireErrorKind.Truncated, DecodeFailure("0084" + Cid + H(Sig1) + "0002" + H(Sig2)).Kind);
    }

    [Fact]
    public void Revoke_and_ack_and_update_fee()
    {
        var secret = PerCommitmentSecret.FromHex(Repeat("99", 32));
        AssertEncoding(new RevokeAndAckMessage(Cid, secret, P1), "0085" + Cid + Repeat("99", 32) + H(P1));
        AssertEncoding(new UpdateFeeMessage(Cid, new FeeRate(2_500)), "0086" + Cid + "000009c4");
    }

    [Fact]
    public void Channel_reestablish_with_and_without_funding_tlvs()
    {
        var zeros = PerCommitmentSecret.Create(new byte[32]);
        var fixedPart = Cid + "0000000000000005" + "0000000000000004" + Repeat("00", 32) + H(P2);
        AssertEncoding(new ChannelReestablishMessage(Cid, new CommitmentNumber(5), new CommitmentNumber(4), zeros, P2), "0088" + fixedPart);
        var next = new FundingRetransmit(TxId.FromBytes(Hex.Decode(Repeat("31", 32))), 1);
        var locked = new FundingRetransmit(TxId.FromBytes(Hex.Decode(Repeat("32", 32))), 0);
        var decoded = AssertEncoding(
            new ChannelReestablishMessage(Cid, new CommitmentNumber(5), new CommitmentNumber(4), zeros, P2, next, locked, TlvStream.Empty),
            "0088" + fixedPart + "01" + "21" + Repeat("31", 32) + "01" + "05" + "21" + Repeat("32", 32) + "00");
        Assert.True(decoded.NextFunding!.Value.IsBit0Set);
        Assert.False(decoded.MyCurrentFundingLocked!.Value.IsBit0Set);
    }

    [Fact]
    public void Channel_reestablish_commitment_numbers_beyond_48_bits_are_refused()
    {
        var fixedTail = Repeat("00", 32) + H(P2);
        Assert.Equal(WireErrorKind.ValueOutOfRange, DecodeFailure("0088" + Cid + "0001000000000000" + "0000000000000000" + fixedTail).Kind);
        Assert.Equal(WireErrorKind.ValueOutOfRange, DecodeFailure("0088" + Cid + "0000000000000000" + "ffffffffffffffff" + fixedTail).Kind);
        Decode("0088" + Cid + "0000ffffffffffff" + "0000ffffffffffff" + fixedTail);
    }

    [Fact]
    public void Amounts_above_2_to_63_are_refused_but_max_in_flight_is_raw()
    {
        var open = new RandomChannelMessages(new Random(2)) { WithTlvs = false }.OpenChannel();
        var bytes = MessageRegistry.Encode(open);
        // push_msat is at offset 2 + 32 + 32 + 8.
        var pushTooBig = (byte[])bytes.Clone();
        pushTooBig[74] = 0x80;
        Assert.False(MessageRegistry.Default.TryDecode(pushTooBig, out _, out var error));
        Assert.Equal(WireErrorKind.ValueOutOfRange, error.Kind);
        // max_htlc_value_in_flight_msat is at offset 2 + 32 + 32 + 8 + 8 + 8.
        var unlimited = (byte[])bytes.Clone();
        unlimited.AsSpan(90, 8).Fill(0xff);
        Assert.True(MessageRegistry.Default.TryDecode(unlimited, out var decoded, out error), error.ToString());
        Assert.Equal(MaxHtlcValueInFlight.Unlimited, Assert.IsType<OpenChannelMessage>(decoded).MaxHtlcValueInFlightMsat);
    }

    [Fact]
    public void Max_htlc_value_in_flight_clamps_to_its_ceiling()
    {
        var ceiling = new MilliSatoshi(5_000);
        Assert.Equal(ceiling, MaxHtlcValueInFlight.Unlimited.Clamp(ceiling));
        Assert.Equal(new MilliSatoshi(4_000), new MaxHtlcValueInFlight(4_000).Clamp(ceiling));
        Assert.Equal(new MaxHtlcValueInFlight(7), MaxHtlcValueInFlight.From(new MilliSatoshi(7)));
        Assert.Throws<ArgumentOutOfRangeException>(() => MaxHtlcValueInFlight.From(new MilliSatoshi(-1)));
    }

    [Fact]
    public void Invalid_points_and_signatures_are_refused()
    {
        // A point whose prefix is not 02/03, and an x coordinate off the curve (x = 5 has no square root... use all 0xff, above p).
        Assert.Equal(WireErrorKind.InvalidPoint, DecodeFailure("0024" + Cid + "04" + Repeat("11", 32)).Kind);
        Assert.Equal(WireErrorKind.InvalidPoint, DecodeFailure("0024" + Cid + "02" + Repeat("ff", 32)).Kind);
        // r = s = n-or-more is not a valid compact signature.
        Assert.Equal(WireErrorKind.InvalidSignature, DecodeFailure("0023" + Cid + Repeat("ff", 64)).Kind);
    }

    public static TheoryData<string, string> MalformedKnownTlvs => new()
    {
        { "channel_ready alias of 7 bytes", "0024" + Cid + H(P1) + "01" + "07" + Repeat("00", 7) },
        { "closing_signed fee_range of 15 bytes", "0027" + Cid + "0000000000000001" + H(Sig1) + "01" + "0f" + Repeat("00", 15) },
        { "closing_signed fee_range above 2^63", "0027" + Cid + "0000000000000001" + H(Sig1) + "01" + "10" + Repeat("ff", 16) },
        { "update_add_htlc path_key not a point", "0080" + Cid + Repeat("00", 8 + 8 + 32 + 4) + Repeat("00", 1366) + "00" + "21" + "05" + Repeat("00", 32) },
        { "update_fulfill_htlc attribution_data of 919 bytes", "0082" + Cid + Repeat("00", 8 + 32) + "01" + "fd0397" + Repeat("00", 919) },
        { "commitment_signed funding_txid of 31 bytes", "0084" + Cid + H(Sig1) + "0000" + "01" + "1f" + Repeat("00", 31) },
        { "channel_reestablish next_funding of 32 bytes", "0088" + Cid + Repeat("00", 16 + 32) + H(P1) + "01" + "20" + Repeat("00", 32) },
        { "closing_complete signature not a signature", "0028" + Cid + "0000" + "0000" + Repeat("00", 12) + "01" + "40" + Repeat("ff", 64) },
        { "accept_channel upfront_shutdown_script past the end", "0021" + Repeat("00", 32 + 32 + 4 + 4) + H(P1) + H(P1) + H(P1) + H(P1) + H(P1) + H(P1) + "00" + "05" + "00" },
    };

    [Theory]
    [MemberData(nameof(MalformedKnownTlvs))]
    public void Known_tlvs_with_a_bad_value_are_refused(string why, string hex)
    {
        var error = DecodeFailure(hex);
        Assert.True(error.Kind is WireErrorKind.TlvInvalidValue or WireErrorKind.TlvLengthExceedsRemaining, $"{why}: {error}");
    }

    [Fact]
    public void Unknown_odd_tlvs_are_kept_and_unknown_even_ones_refused_on_every_message()
    {
        var random = new Random(3);
        foreach (var make in new RandomChannelMessages(random) { WithUnknownTlvs = false }.All)
        {
            var message = make();
            var bytes = MessageRegistry.Encode(message);
            // Type 1001 (odd) and 1000 (even) follow every known type, so the stream stays increasing.
            var odd = Hex.Encode(bytes) + "fd03e9" + "03" + "abcdef";
            var decoded = Decode(odd);
            Assert.Equal(odd, Hex.Encode(MessageRegistry.Encode(decoded)));
            var unknown = (TlvStream)decoded.GetType().GetProperty("UnknownTlvs")!.GetValue(decoded)!;
            Assert.Equal(new TlvRecord(1001, ByteVector.FromHex("abcdef")), Assert.Single(unknown.Records));
            Assert.Equal(WireErrorKind.TlvUnknownEvenType, DecodeFailure(Hex.Encode(bytes) + "fd03e8" + "00").Kind);
        }
    }

    [Fact]
    public void Even_tlv_types_unknown_to_a_message_are_refused_even_when_another_message_knows_them()
    {
        // Type 0 is blinded_path in update_add_htlc and upfront_shutdown_script in open_channel, but unknown to channel_ready.
        Assert.Equal(WireErrorKind.TlvUnknownEvenType, DecodeFailure("0024" + Cid + H(P1) + "00" + "00").Kind);
        Assert.Equal(WireErrorKind.TlvUnknownEvenType, DecodeFailure("0086" + Cid + "000009c4" + "02" + "00").Kind);
    }

    private static readonly Gen<IWireMessage> AnyMessage = Gen.Int.Select(seed => new RandomChannelMessages(new Random(seed)).Any());

    private static readonly Gen<IWireMessage> AnyMessageWithoutTlvs =
        Gen.Int.Select(seed => new RandomChannelMessages(new Random(seed)) { WithTlvs = false }.Any());

    [Fact]
    public void Every_message_round_trips_with_tlvs()
    {
        AnyMessage.Sample(message => AssertRoundTrips(message), iter: 2000);
    }

    [Fact]
    public void Every_message_round_trips_without_tlvs_and_every_strict_prefix_is_truncated()
    {
        AnyMessageWithoutTlvs.Sample(message => AssertEveryCutIsTruncated(AssertRoundTrips(message), message.GetType().Name), iter: 200);
    }

    [Fact]
    public void Truncated_messages_with_tlvs_fail_without_throwing()
    {
        // A cut on a TLV record boundary may still decode, and must then re-encode to itself.
        Gen.Select(AnyMessage, Gen.Int[0, 100_000]).Sample(AssertTruncationDecodesExactlyOrFails, iter: 2000);
    }

    [Fact]
    public void Mutated_messages_never_throw_and_whatever_decodes_reencodes_exactly()
    {
        Gen.Select(AnyMessage, Gen.Int[0, 2], Gen.Int[0, 100_000], Gen.Byte).Sample(AssertMutationDecodesExactlyOrFails, iter: 4000);
    }

    private static readonly ushort[] ChannelTypes = [2, 32, 33, 34, 35, 36, 38, 39, 40, 41, 128, 130, 131, 132, 133, 134, 135, 136];

    [Fact]
    public void Garbage_payloads_never_throw_and_whatever_decodes_reencodes_exactly()
    {
        Gen.Select(Gen.Int[0, ChannelTypes.Length - 1].Select(i => ChannelTypes[i]), Gen.Byte.Array[0, 1600])
            .Sample(AssertGarbageDecodesExactlyOrFails, iter: 3000);
    }

    [Fact]
    public void Writing_values_the_wire_cannot_carry_is_a_bug()
    {
        var random = new RandomChannelMessages(new Random(4));
        var add = random.UpdateAddHtlc() with { OnionRoutingPacket = ByteVector.Zeros(1300) };
        Assert.Throws<InvalidOperationException>(() => MessageRegistry.Encode(add));
        var fulfill = random.UpdateFulfillHtlc() with { AttributionData = ByteVector.Zeros(10) };
        Assert.Throws<InvalidOperationException>(() => MessageRegistry.Encode(fulfill));
        var fee = random.UpdateFee() with { FeeratePerKw = new FeeRate(1L << 32) };
        Assert.Throws<ArgumentOutOfRangeException>(() => MessageRegistry.Encode(fee));
    }
}
