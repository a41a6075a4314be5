using CsCheck;
using Fulgur.Crypto;
using Fulgur.Protocol.Gossip;
using Fulgur.Protocol.Types;

namespace Fulgur.Protocol.Tests.Gossip;

/// <summary>The encoded arrays of the query messages: encoding types, whole elements, one flag per id.</summary>
public sealed class EncodedArrayTests
{
    [Fact]
    public void Short_channel_ids_encode_uncompressed_in_ascending_order()
    {
        var encoded = EncodedShortChannelIds.Encode(new ShortChannelId(1), new ShortChannelId(0x0102));
        Assert.Equal("00" + "0000000000000001" + "0000000000000102", encoded.Raw.ToHex());
        Assert.Equal(GossipEncoding.Uncompressed, encoded.Encoding);
        Assert.Throws<ArgumentException>(() => EncodedShortChannelIds.Encode(new ShortChannelId(2), new ShortChannelId(1)));
        Assert.Throws<ArgumentException>(() => EncodedShortChannelIds.Encode(new ShortChannelId(2), new ShortChannelId(2)));
    }

    [Fact]
    public void Zlib_and_unknown_encodings_are_refused()
    {
        Assert.False(new EncodedShortChannelIds(ByteVector.FromHex("01789c")).TryDecode(out var ids, out var error));
        Assert.Empty(ids);
        Assert.Equal(GossipQueryErrorKind.ZlibRefused, error.Kind);
        Assert.False(new EncodedShortChannelIds(ByteVector.FromHex("02")).TryDecode(out _, out var unknown));
        Assert.Equal(GossipQueryErrorKind.UnknownEncoding, unknown.Kind);
        Assert.False(new EncodedTimestamps(ByteVector.FromHex("01aa")).TryDecode(out _, out var timestamps));
        Assert.Equal(GossipQueryErrorKind.ZlibRefused, timestamps.Kind);
        Assert.False(new EncodedQueryFlags(ByteVector.FromHex("01aa")).TryDecode(out _, out var flags));
        Assert.Equal(GossipQueryErrorKind.ZlibRefused, flags.Kind);
    }

    [Fact]
    public void A_partial_short_channel_id_is_refused()
    {
        Assert.False(new EncodedShortChannelIds(ByteVector.FromHex("00" + "00000000000000010000")).TryDecode(out _, out var error));
        Assert.Equal(GossipQueryErrorKind.NotWholeElements, error.Kind);
    }

    [Fact]
    public void An_empty_array_decodes_to_nothing()
    {
        Assert.True(new EncodedShortChannelIds(ByteVector.Empty).TryDecode(out var none, out _));
        Assert.Empty(none);
        Assert.Null(new EncodedShortChannelIds(ByteVector.Empty).Encoding);
        Assert.True(EncodedShortChannelIds.Encode().TryDecode(out var empty, out _));
        Assert.Empty(empty);
    }

    [Fact]
    public void Query_flags_are_one_minimal_bigsize_per_id()
    {
        var flags = EncodedQueryFlags.Encode(QueryFlags.ChannelAnnouncement, QueryFlags.ChannelUpdateNode1 | QueryFlags.ChannelUpdateNode2,
            (QueryFlags)300);
        Assert.Equal("00" + "01" + "06" + "fd012c", flags.Raw.ToHex());
        Assert.True(flags.TryDecodeFor(3, out var decoded, out _));
        Assert.Equal([QueryFlags.ChannelAnnouncement, QueryFlags.ChannelUpdateNode1 | QueryFlags.ChannelUpdateNode2, (QueryFlags)300],
            decoded);
        Assert.False(flags.TryDecodeFor(2, out _, out var mismatch));
        Assert.Equal(GossipQueryErrorKind.CountMismatch, mismatch.Kind);
        Assert.False(new EncodedQueryFlags(ByteVector.FromHex("00fd0001")).TryDecode(out _, out var nonMinimal));
        Assert.Equal(GossipQueryErrorKind.InvalidQueryFlag, nonMinimal.Kind);
    }

    [Fact]
    public void Timestamps_round_trip()
    {
        Gen.UInt.Array[0, 20].Sample(values =>
        {
            var timestamps = values.Select(v => new ChannelUpdateTimestamps(new GossipTimestamp(v), new GossipTimestamp(~v))).ToList();
            var encoded = EncodedTimestamps.Encode(timestamps);
            Assert.Equal(1 + 8 * timestamps.Count, encoded.Raw.Length);
            Assert.True(encoded.TryDecode(out var decoded, out var error), error.ToString());
            Assert.Equal(timestamps, decoded);
        });
    }

    [Fact]
    public void Any_bytes_decode_or_fail_without_throwing()
    {
        Gen.Byte.Array[0, 80].Sample(bytes =>
        {
            var raw = new ByteVector(bytes);
            if (!new EncodedShortChannelIds(raw).TryDecode(out _, out var a))
                Assert.False(a.IsNone);
            if (!new EncodedTimestamps(raw).TryDecode(out _, out var b))
                Assert.False(b.IsNone);
            if (!new EncodedQueryFlags(raw).TryDecode(out _, out var c))
                Assert.False(c.IsNone);
        });
        Assert.Equal("00", Hex.Encode(EncodedTimestamps.Encode().Raw.Span));
    }
}
