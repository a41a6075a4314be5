using CsCheck;
using Fulgur.Crypto;
using Fulgur.Protocol.Types;
using Fulgur.Protocol.Wire;

namespace Fulgur.Protocol.Tests.Wire;

/// <summary>Fundamental types: truncated integers, points, signatures, amounts, short reads.</summary>
public sealed class WireReaderTests
{
    private const string ValidPoint = "023da092f6980e58d2c037173180e9a465476026ee50f96695963e8efe436f54eb";

    [Theory]
    [InlineData(0UL, "")]
    [InlineData(1UL, "01")]
    [InlineData(255UL, "ff")]
    [InlineData(256UL, "0100")]
    [InlineData(0x1234_5678_9abc_def0UL, "123456789abcdef0")]
    [InlineData(ulong.MaxValue, "ffffffffffffffff")]
    public void Tu64_is_big_endian_without_leading_zeros(ulong value, string hex)
    {
        Assert.Equal(hex, Hex.Encode(WireWriter.ToArray(w => w.WriteTu64(value))));
        var reader = new WireReader(Hex.Decode(hex));
        Assert.True(reader.TryReadTu64(out var decoded));
        Assert.Equal(value, decoded);
    }

    [Theory]
    [InlineData("00", WireErrorKind.NonMinimalTruncatedInt)]
    [InlineData("0001", WireErrorKind.NonMinimalTruncatedInt)]
    [InlineData("010203", WireErrorKind.TruncatedIntTooLong)]
    public void Tu16_refuses_leading_zeros_and_excess_length(string hex, WireErrorKind kind)
    {
        var reader = new WireReader(Hex.Decode(hex));
        Assert.False(reader.TryReadTu16(out _));
        Assert.Equal(kind, reader.Error.Kind);
    }

    [Fact]
    public void Tu32_refuses_five_bytes()
    {
        var reader = new WireReader(Hex.Decode("0100000000"));
        Assert.False(reader.TryReadTu32(out _));
        Assert.Equal(WireErrorKind.TruncatedIntTooLong, reader.Error.Kind);
    }

    [Fact]
    public void Truncated_integers_round_trip()
    {
        Gen.ULong.Sample(value =>
        {
            var reader = new WireReader(WireWriter.ToArray(w => w.WriteTu64(value)));
            Assert.True(reader.TryReadTu64(out var decoded));
            Assert.Equal(value, decoded);
        });
        Gen.UInt.Sample(value =>
        {
            var reader = new WireReader(WireWriter.ToArray(w => w.WriteTu32(value)));
            Assert.True(reader.TryReadTu32(out var decoded));
            Assert.Equal(value, decoded);
        });
    }

    [Fact]
    public void Fixed_width_integers_are_big_endian()
    {
        var bytes = WireWriter.ToArray(w =>
        {
            w.WriteU8(0x01);
            w.WriteU16(0x0203);
            w.WriteU32(0x04050607);
            w.WriteU64(0x08090a0b0c0d0e0f);
        });
        Assert.Equal("0102030405060708090a0b0c0d0e0f", Hex.Encode(bytes));
        var reader = new WireReader(bytes);
        Assert.True(reader.TryReadU8(out var u8));
        Assert.True(reader.TryReadU16(out var u16));
        Assert.True(reader.TryReadU32(out var u32));
        Assert.True(reader.TryReadU64(out var u64));
        Assert.Equal((0x01, 0x0203, 0x04050607u, 0x08090a0b0c0d0e0fUL), (u8, u16, u32, u64));
        Assert.True(reader.IsAtEnd);
        Assert.False(reader.TryReadU8(out _));
        Assert.Equal(WireErrorKind.Truncated, reader.Error.Kind);
    }

    [Fact]
    public void Point_must_be_a_valid_compressed_key()
    {
        var reader = new WireReader(Hex.Decode(ValidPoint));
        Assert.True(reader.TryReadPoint(out var point));
        Assert.Equal(ValidPoint, point.ToHex());

        // The same x with an uncompressed prefix, and an x that is not on the curve.
        foreach (var bad in new[] { "04" + ValidPoint[2..], "02" + new string('0', 64), "05" + ValidPoint[2..] })
        {
            var badReader = new WireReader(Hex.Decode(bad));
            Assert.False(badReader.TryReadNodeId(out _));
            Assert.Equal(WireErrorKind.InvalidPoint, badReader.Error.Kind);
        }
    }

    [Fact]
    public void Signature_round_trips_and_rejects_overflowing_r()
    {
        using var key = PrivateKey.Create(Enumerable.Repeat((byte)0x11, 32).ToArray());
        var signature = key.Sign(new byte[32]);
        var bytes = WireWriter.ToArray(w => w.WriteSignature(signature));
        Assert.Equal(64, bytes.Length);
        var reader = new WireReader(bytes);
        Assert.True(reader.TryReadSignature(out var decoded));
        Assert.Equal(signature.ToCompact(), decoded.ToCompact());

        var overflow = new WireReader(Enumerable.Repeat((byte)0xff, 64).ToArray());
        Assert.False(overflow.TryReadSignature(out _));
        Assert.Equal(WireErrorKind.InvalidSignature, overflow.Error.Kind);
    }

    [Fact]
    public void Millisatoshi_above_long_max_is_refused()
    {
        var reader = new WireReader(Hex.Decode("8000000000000000"));
        Assert.False(reader.TryReadMilliSatoshi(out _));
        Assert.Equal(WireErrorKind.ValueOutOfRange, reader.Error.Kind);
        var ok = new WireReader(Hex.Decode("1d24b2dfac520000"));
        Assert.True(ok.TryReadMilliSatoshi(out var max));
        Assert.Equal(MilliSatoshi.MaxMoney, max);
    }

    [Fact]
    public void Value_types_round_trip_through_the_wire()
    {
        var scid = ShortChannelId.Create(539268, 845, 1);
        var channelId = ChannelId.Parse(new string('a', 64));
        var hash = PaymentHash.Parse(new string('b', 64));
        var preimage = Preimage.Parse(new string('c', 64));
        var nodeId = NodeId.Parse(ValidPoint);
        var bytes = WireWriter.ToArray(w =>
        {
            w.WriteShortChannelId(scid);
            w.WriteChannelId(channelId);
            w.WritePaymentHash(hash);
            w.WritePreimage(preimage);
            w.WriteNodeId(nodeId);
            w.WriteChainHash(ChainHash.Bitcoin);
            w.WriteMilliSatoshi(new MilliSatoshi(42));
            w.WriteSatoshi(new Fulgur.Bitcoin.Satoshi(7));
            w.WriteCltvExpiry(new CltvExpiry(500_000));
            w.WriteCltvExpiryDelta(new CltvExpiryDelta(144));
            w.WriteBlockHeight(new BlockHeight(800_000));
            w.WriteTruncatedMilliSatoshi(new MilliSatoshi(1000));
        });
        var reader = new WireReader(bytes);
        Assert.True(reader.TryReadShortChannelId(out var scid2));
        Assert.True(reader.TryReadChannelId(out var channelId2));
        Assert.True(reader.TryReadPaymentHash(out var hash2));
        Assert.True(reader.TryReadPreimage(out var preimage2));
        Assert.True(reader.TryReadNodeId(out var nodeId2));
        Assert.True(reader.TryReadChainHash(out var chain));
        Assert.True(reader.TryReadMilliSatoshi(out var msat));
        Assert.True(reader.TryReadSatoshi(out var sat));
        Assert.True(reader.TryReadCltvExpiry(out var expiry));
        Assert.True(reader.TryReadCltvExpiryDelta(out var delta));
        Assert.True(reader.TryReadBlockHeight(out var height));
        Assert.True(reader.TryReadTruncatedMilliSatoshi(out var truncated));
        Assert.Equal(scid, scid2);
        Assert.Equal(channelId, channelId2);
        Assert.Equal(hash, hash2);
        Assert.Equal(preimage, preimage2);
        Assert.Equal(nodeId, nodeId2);
        Assert.Equal(ChainHash.Bitcoin, chain);
        Assert.Equal(new MilliSatoshi(42), msat);
        Assert.Equal(7, sat.Value);
        Assert.Equal(500_000u, expiry.Value);
        Assert.Equal((ushort)144, delta.Value);
        Assert.Equal(800_000u, height.Value);
        Assert.Equal(new MilliSatoshi(1000), truncated);
        Assert.True(reader.IsAtEnd);
    }

    [Fact]
    public void U16_prefixed_field_longer_than_65535_is_a_writer_bug()
    {
        Assert.Throws<ArgumentException>(() => WireWriter.ToArray(w => w.WriteU16Prefixed(new byte[70_000])));
    }
}
