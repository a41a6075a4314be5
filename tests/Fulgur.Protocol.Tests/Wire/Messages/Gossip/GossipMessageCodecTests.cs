using System.Net;
using CsCheck;
using Fulgur.Crypto;
using Fulgur.Protocol.Gossip;
using Fulgur.Protocol.Tests.Wire;
using Fulgur.Protocol.Types;
using Fulgur.Protocol.Wire;
using Fulgur.Protocol.Wire.Features;
using Fulgur.Protocol.Wire.Messages;
using Fulgur.Protocol.Wire.Tlv;
using static Fulgur.Protocol.Tests.Wire.MessageCodecAssertions;

namespace Fulgur.Protocol.Tests.Wire.Messages.Gossip;

/// <summary>The BOLT 7 messages: field layouts, round trips, and garbage, truncated or mutated input.</summary>
public sealed class GossipMessageCodecTests
{
    private static readonly PublicKey[] Keys =
        [.. Enumerable.Range(1, 4).Select(i => PrivateKey.Create(Enumerable.Repeat((byte)i, 32).ToArray()).PublicKey)];

    private static readonly Gen<PublicKey> AnyKey = Gen.OneOf(Keys);

    private static readonly Gen<NodeId> AnyNodeId = AnyKey.Select(k => new NodeId(k));

    /// <summary>r and s below 2^255, so always a parseable compact signature.</summary>
    private static readonly Gen<EcdsaSignature> AnySignature =
        Gen.Select(Gen.Byte[1, 0x7f], Gen.Byte.Array[31], Gen.Byte[1, 0x7f], Gen.Byte.Array[31]).Select((r0, r, s0, s) =>
        {
            byte[] compact = [r0, .. r, s0, .. s];
            return EcdsaSignature.TryParseCompact(compact, out var signature)
                ? signature
                : throw new InvalidOperationException("bad compact signature");
        });

    private static readonly Gen<ChainHash> AnyChain = Gen.OneOf(ChainHash.Bitcoin, ChainHash.Regtest, ChainHash.Testnet);

    private static readonly Gen<ShortChannelId> AnyScid = Gen.ULong.Select(v => new ShortChannelId(v));

    private static readonly Gen<MilliSatoshi> AnyMsat = Gen.Long[0, long.MaxValue].Select(v => new MilliSatoshi(v));

    private static readonly Gen<ChannelId> AnyChannelId = Gen.Byte.Array[32].Select(b => ChannelId.FromSpan(b));

    private static readonly Gen<TlvStream> Tlvs = MessageCodecTests.UnknownOddTlvs;

    private static readonly Gen<ushort> AnyPort = Gen.UShort[1, ushort.MaxValue];

    private static readonly Gen<NodeAddress> AnyAddress = Gen.OneOf<NodeAddress>(
        Gen.Select(Gen.Byte.Array[4], AnyPort).Select((a, p) => (NodeAddress)new IPv4NodeAddress(new IPAddress(a), p)),
        Gen.Select(Gen.Byte.Array[16], AnyPort).Select((a, p) => (NodeAddress)new IPv6NodeAddress(new IPAddress(a), p)),
        Gen.Select(Gen.Byte.Array[35], Gen.UShort).Select((a, p) => (NodeAddress)new TorV3NodeAddress(new ByteVector(a), p)),
        Gen.Select(Gen.Char["a-z0-9.-"].Array[1, 40], AnyPort).Select((h, p) => (NodeAddress)new DnsHostnameNodeAddress(new string(h), p)));

    /// <summary>Our own lists (at most one hostname), or any bytes at all as a peer may send.</summary>
    private static readonly Gen<NodeAddressList> AnyAddresses = Gen.OneOf(
        AnyAddress.Array[0, 4].Select(a => NodeAddressList.Create(
            a.Where(x => x is not DnsHostnameNodeAddress).Concat(a.OfType<DnsHostnameNodeAddress>().Take(1)))),
        Gen.Byte.Array[0, 60].Select(b => NodeAddressList.FromWire(b)));

    private static readonly Gen<ByteVector> AnyBytes = Gen.Byte.Array[0, 60].Select(b => new ByteVector(b));

    private static readonly Gen<ChannelAnnouncementMessage> AnyChannelAnnouncement =
        Gen.Select(AnySignature.Array[4], MessageCodecTests.AnyFeatures, AnyChain, AnyScid, AnyNodeId.Array[2], AnyKey.Array[2], Tlvs)
            .Select((s, f, c, scid, n, k, t) =>
                new ChannelAnnouncementMessage(s[0], s[1], s[2], s[3], f, c, scid, n[0], n[1], k[0], k[1], t));

    private static readonly Gen<NodeAnnouncementMessage> AnyNodeAnnouncement =
        Gen.Select(AnySignature, MessageCodecTests.AnyFeatures, Gen.UInt, AnyNodeId, Gen.Byte.Array[3], Gen.Byte.Array[32], AnyAddresses,
                Tlvs)
            .Select((s, f, ts, n, rgb, alias, a, t) => new NodeAnnouncementMessage(s, f, new GossipTimestamp(ts), n, RgbColor.FromSpan(rgb),
                new NodeAlias(Bytes32.FromSpan(alias)), a, t));

    private static readonly Gen<ChannelUpdateMessage> AnyChannelUpdate =
        Gen.Select(AnySignature, AnyChain, AnyScid, Gen.UInt, Gen.Byte, Gen.Byte, Gen.UShort, AnyMsat, Gen.UInt, Gen.UInt, AnyMsat, Tlvs,
            (s, c, scid, ts, mf, cf, cltv, min, fee, prop, max, t) => new ChannelUpdateMessage(s, c, scid, new GossipTimestamp(ts),
                new ChannelUpdateMessageFlags(mf), new ChannelUpdateChannelFlags(cf), new CltvExpiryDelta(cltv), min, new MilliSatoshi(fee),
                prop, max, t));

    internal static readonly Gen<IWireMessage> AnyGossipMessage = Gen.OneOf<IWireMessage>(
        AnyChannelAnnouncement.Select(m => (IWireMessage)m),
        AnyNodeAnnouncement.Select(m => (IWireMessage)m),
        AnyChannelUpdate.Select(m => (IWireMessage)m),
        Gen.Select(AnyChannelId, AnyScid, AnySignature, AnySignature, Tlvs)
            .Select((c, scid, a, b, t) => (IWireMessage)new AnnouncementSignaturesMessage(c, scid, a, b, t)),
        Gen.Select(AnyChain, AnyBytes, AnyBytes.Nullable(), Tlvs)
            .Select((c, ids, flags, t) => (IWireMessage)new QueryShortChannelIdsMessage(c, new EncodedShortChannelIds(ids),
                flags is { } f ? new EncodedQueryFlags(new ByteVector([1, .. f.Span])) : null, t)),
        Gen.Select(AnyChain, Gen.Byte, Tlvs).Select((c, full, t) => (IWireMessage)new ReplyShortChannelIdsEndMessage(c, full, t)),
        Gen.Select(AnyChain, Gen.UInt, Gen.UInt, Gen.ULong[0, 1000].Nullable(), Tlvs)
            .Select((c, first, n, option, t) => (IWireMessage)new QueryChannelRangeMessage(c, new BlockHeight(first), n,
                (QueryOptions?)option, t)),
        Gen.Select(AnyChain, Gen.UInt, Gen.UInt, Gen.Byte, AnyScid.Array[0, 6], Gen.Bool, Gen.Bool, Tlvs)
            .Select((c, first, n, complete, scids, withTimestamps, withChecksums, t) =>
            {
                var ids = scids.Distinct().Order().ToList();
                var timestamps = ids.Select(i => new ChannelUpdateTimestamps(new GossipTimestamp((uint)i.Value),
                    new GossipTimestamp((uint)(i.Value >> 32)))).ToList();
                var checksums = ids.Select(i => new ChannelUpdateChecksums((uint)i.Value ^ 7, (uint)(i.Value >> 16))).ToList();
                return (IWireMessage)new ReplyChannelRangeMessage(c, new BlockHeight(first), n, complete,
                    EncodedShortChannelIds.Encode(ids),
                    withTimestamps ? EncodedTimestamps.Encode(timestamps) : null, withChecksums ? checksums : null, t);
            }),
        Gen.Select(AnyChain, Gen.UInt, Gen.UInt, Tlvs)
            .Select((c, first, range, t) => (IWireMessage)new GossipTimestampFilterMessage(c, new GossipTimestamp(first), range, t)));

    [Fact]
    public void Every_gossip_message_round_trips()
    {
        AnyGossipMessage.Sample(message => AssertRoundTrips(message), iter: 500);
    }

    [Fact]
    public void Truncated_gossip_messages_fail_without_throwing()
    {
        Gen.Select(AnyGossipMessage, Gen.Int[0, 100_000]).Sample(AssertTruncationDecodesExactlyOrFails, iter: 500);
    }

    [Fact]
    public void Every_cut_of_a_channel_update_before_its_last_field_ends_fails()
    {
        var update = AnyChannelUpdate.Single() with { UnknownTlvs = TlvStream.Empty };
        AssertEveryCutIsTruncated(MessageRegistry.Encode(update));
    }

    [Fact]
    public void Mutated_gossip_messages_never_throw_and_whatever_decodes_reencodes_exactly()
    {
        Gen.Select(AnyGossipMessage, Gen.Int[0, 2], Gen.Int[0, 100_000], Gen.Byte).Sample(AssertMutationDecodesExactlyOrFails, iter: 3000);
    }

    [Fact]
    public void Garbage_with_gossip_types_never_throws()
    {
        Gen.Select(Gen.UShort[256, 265], Gen.Byte.Array[0, 400]).Sample(AssertGarbageDecodesExactlyOrFails, iter: 3000);
    }

    [Fact]
    public void Channel_update_lays_out_its_fields_in_spec_order()
    {
        var signature = AnySignature.Single();
        var update = new ChannelUpdateMessage(signature, ChainHash.Regtest, ShortChannelId.Parse("103x1x0"),
            new GossipTimestamp(0x01020304),
            ChannelUpdateMessageFlags.Create(dontForward: true),
                ChannelUpdateChannelFlags.Create(ChannelDirection.FromNode2, disabled: true),
            new CltvExpiryDelta(144), new MilliSatoshi(1000), new MilliSatoshi(1), 10, new MilliSatoshi(990_000), TlvStream.Empty);
        var expected = "0102" + Hex.Encode(signature.ToCompact()) + ChainHash.Regtest
            + "0000670000010000" + "01020304" + "03" + "03" + "0090"
            + "00000000000003e8" + "00000001" + "0000000a" + "00000000000f1b30";
        Assert.Equal(expected, Hex.Encode(MessageRegistry.Encode(update)));
        Assert.Equal(ChannelDirection.FromNode2, update.Direction);
        Assert.True(update.IsDisabled);
        Assert.True(update.DontForward);
        Assert.True(update.MessageFlags.MustBeOne);
        Assert.False(update.MessageFlags.HasUnassignedBits);
        Assert.False(update.ChannelFlags.HasUnassignedBits);
    }

    [Fact]
    public void Channel_update_with_a_huge_fee_base_cannot_be_written()
    {
        var update = AnyChannelUpdate.Single();
        var tooBig = update with { FeeBaseMsat = new MilliSatoshi((long)uint.MaxValue + 1) };
        Assert.Throws<InvalidOperationException>(() => MessageRegistry.Encode(tooBig));
    }

    [Fact]
    public void Channel_update_htlc_maximum_above_2_pow_63_is_refused_not_thrown()
    {
        var update = AnyChannelUpdate.Single() with { UnknownTlvs = TlvStream.Empty };
        var bytes = MessageRegistry.Encode(update);
        bytes.AsSpan(bytes.Length - 8).Fill(0xff);
        Assert.False(MessageRegistry.Default.TryDecode(bytes, out _, out var error));
        Assert.Equal(WireErrorKind.ValueOutOfRange, error.Kind);
    }

    [Fact]
    public void Channel_announcement_with_an_invalid_point_is_refused()
    {
        var announcement = AnyChannelAnnouncement.Single() with { UnknownTlvs = TlvStream.Empty };
        var bytes = MessageRegistry.Encode(announcement);
        // bitcoin_key_2 is the last 33 bytes; 0x04 is no compressed prefix.
        bytes[^33] = 0x04;
        Assert.False(MessageRegistry.Default.TryDecode(bytes, out _, out var error));
        Assert.Equal(WireErrorKind.InvalidPoint, error.Kind);
    }

    [Fact]
    public void Node_announcement_keeps_unknown_address_types_byte_for_byte()
    {
        var announcement = AnyNodeAnnouncement.Single();
        // An IPv4 address, then an unknown type 42 with bytes we cannot size.
        var raw = Hex.Decode("01" + "7f000001" + "2607" + "2a" + "deadbeef");
        var withUnknown = announcement with { Addresses = NodeAddressList.FromWire(raw) };
        var bytes = MessageRegistry.Encode(withUnknown);
        var decoded = Assert.IsType<NodeAnnouncementMessage>(Decode(bytes));
        Assert.Equal(raw, decoded.Addresses.Raw.ToArray());
        Assert.Equal(NodeAddressListProblem.UnknownType, decoded.Addresses.Problem);
        Assert.Equal((byte)42, decoded.Addresses.UnknownType);
        Assert.Equal("127.0.0.1:9735", Assert.Single(decoded.Addresses.Descriptors).ToString());
    }

    [Fact]
    public void Query_short_channel_ids_flags_must_be_minimal_bigsizes_when_uncompressed()
    {
        // query_flags TLV: encoding 0, then 0xfd 0x0001 (a non-minimal BigSize for 1).
        var bytes = Hex.Decode("0105" + ChainHash.Regtest + "0009" + "00" + "0000000000000001" + "01" + "04" + "00fd0001");
        Assert.False(MessageRegistry.Default.TryDecode(bytes, out _, out var error));
        Assert.Equal(WireErrorKind.TlvInvalidValue, error.Kind);
    }

    [Fact]
    public void Reply_channel_range_timestamps_must_be_whole_pairs_when_uncompressed()
    {
        var bytes = Hex.Decode("0108" + ChainHash.Regtest + "00000001" + "00000002" + "01" + "0001" + "00" + "01" + "05" + "0000000001");
        Assert.False(MessageRegistry.Default.TryDecode(bytes, out _, out var error));
        Assert.Equal(WireErrorKind.TlvInvalidValue, error.Kind);
        var checksums = Hex.Decode("0108" + ChainHash.Regtest + "00000001" + "00000002" + "01" + "0001" + "00" + "03" + "03" + "000000");
        Assert.False(MessageRegistry.Default.TryDecode(checksums, out _, out var checksumError));
        Assert.Equal(WireErrorKind.TlvInvalidValue, checksumError.Kind);
    }

    [Fact]
    public void Query_channel_range_option_must_be_a_minimal_bigsize()
    {
        var prefix = "0107" + ChainHash.Regtest + "00000064" + "0000000a";
        var good = Assert.IsType<QueryChannelRangeMessage>(Decode(Hex.Decode(prefix + "0101" + "03")));
        Assert.Equal(QueryOptions.WantTimestamps | QueryOptions.WantChecksums, good.QueryOption);
        Assert.Equal(100UL + 10, good.EndBlock);
        Assert.False(MessageRegistry.Default.TryDecode(Hex.Decode(prefix + "0103" + "fd0003"), out _, out var error));
        Assert.Equal(WireErrorKind.TlvInvalidValue, error.Kind);
    }

    [Fact]
    public void Gossip_timestamp_filter_includes_first_timestamp_up_to_the_range()
    {
        var filter = new GossipTimestampFilterMessage(ChainHash.Bitcoin, new GossipTimestamp(100), 10);
        Assert.False(filter.Includes(new GossipTimestamp(99)));
        Assert.True(filter.Includes(new GossipTimestamp(100)));
        Assert.True(filter.Includes(new GossipTimestamp(109)));
        Assert.False(filter.Includes(new GossipTimestamp(110)));
        var wide = new GossipTimestampFilterMessage(ChainHash.Bitcoin, new GossipTimestamp(uint.MaxValue - 1), uint.MaxValue);
        Assert.True(wide.Includes(new GossipTimestamp(uint.MaxValue)));
        var nothing = GossipTimestampFilterMessage.Nothing(ChainHash.Bitcoin);
        Assert.False(nothing.Includes(new GossipTimestamp(uint.MaxValue)));
        Assert.Equal("0109" + ChainHash.Bitcoin + "ffffffff" + "00000000", Hex.Encode(MessageRegistry.Encode(nothing)));
    }

    [Fact]
    public void Reply_short_channel_ids_end_carries_full_information()
    {
        var end = new ReplyShortChannelIdsEndMessage(ChainHash.Regtest, fullInformation: true);
        Assert.Equal("0106" + ChainHash.Regtest + "01", Hex.Encode(MessageRegistry.Encode(end)));
        Assert.True(end.HasFullInformation);
        var notFull = Assert.IsType<ReplyShortChannelIdsEndMessage>(Decode(Hex.Decode("0106" + ChainHash.Regtest + "00")));
        Assert.False(notFull.HasFullInformation);
    }

    [Fact]
    public void Announcement_signatures_lays_out_its_fields_in_spec_order()
    {
        var a = AnySignature.Single();
        var b = AnySignature.Single();
        var channel = ChannelId.FromSpan(Enumerable.Repeat((byte)0x11, 32).ToArray());
        var message = new AnnouncementSignaturesMessage(channel, new ShortChannelId(0x0102030405060708), a, b);
        Assert.Equal("0103" + channel + "0102030405060708" + Hex.Encode(a.ToCompact()) + Hex.Encode(b.ToCompact()),
            Hex.Encode(MessageRegistry.Encode(message)));
    }
}
