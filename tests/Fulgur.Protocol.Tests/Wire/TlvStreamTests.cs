using CsCheck;
using Fulgur.Protocol.Types;
using Fulgur.Protocol.Wire;
using Fulgur.Protocol.Wire.Tlv;

namespace Fulgur.Protocol.Tests.Wire;

public sealed class TlvStreamTests
{
    private static readonly Gen<TlvStream> AnyStream =
        Gen.Select(Gen.OneOf<ulong>(Gen.ULong[0, 300], Gen.ULong), Gen.Byte.Array[0, 300])
            .Array[0, 6]
            .Select(records => TlvStream.Create(records.DistinctBy(r => r.Item1).Select(r => new TlvRecord(r.Item1, new ByteVector(r.Item2)))));

    [Fact]
    public void Create_sorts_records_and_refuses_duplicates()
    {
        var stream = TlvStream.Create(new TlvRecord(5, ByteVector.Empty), new TlvRecord(1, new ByteVector([1])));
        Assert.Equal([1UL, 5UL], stream.Records.Select(r => r.Type));
        Assert.Throws<ArgumentException>(() => TlvStream.Create(new TlvRecord(3, ByteVector.Empty), new TlvRecord(3, ByteVector.Empty)));
    }

    [Fact]
    public void With_replaces_and_Without_removes()
    {
        var stream = TlvStream.Empty.With(7, new ByteVector([1])).With(3, new ByteVector([2])).With(7, new ByteVector([9]));
        Assert.Equal("03010207010" + "9", Convert.ToHexStringLower(stream.ToArray()));
        Assert.True(stream.TryGetValue(7, out var seven));
        Assert.Equal([9], seven.ToArray());
        Assert.False(stream.Without(7).Contains(7));
        Assert.False(stream.TryGetValue(4, out _));
    }

    [Fact]
    public void UnknownTo_keeps_only_records_the_namespace_does_not_know()
    {
        var ns = new TlvNamespace("test", new TlvType(3, "three", TlvFormat.Bytes));
        var stream = TlvStream.Create(new TlvRecord(3, ByteVector.Empty), new TlvRecord(5, ByteVector.Empty));
        Assert.Equal([5UL], stream.UnknownTo(ns).Records.Select(r => r.Type));
    }

    [Fact]
    public void Namespace_refuses_a_type_declared_twice()
    {
        Assert.Throws<ArgumentException>(() => new TlvNamespace("dup", new TlvType(1, "a", TlvFormat.Bytes), new TlvType(1, "b", TlvFormat.Bytes)));
    }

    [Fact]
    public void Length_past_the_end_is_reported_as_such()
    {
        Assert.False(TlvStream.TryParse([0x01, 0x05, 0x00], TlvNamespace.None, out _, out var error));
        Assert.Equal(WireErrorKind.TlvLengthExceedsRemaining, error.Kind);
    }

    [Fact]
    public void Streams_with_even_types_parse_when_the_namespace_knows_them()
    {
        AnyStream.Sample(stream =>
        {
            var bytes = stream.ToArray();
            var everything = new TlvNamespace("all", stream.Records.Select(r => new TlvType(r.Type, $"t{r.Type}", TlvFormat.Bytes)));
            Assert.True(TlvStream.TryParse(bytes, everything, out var decoded, out var error), error.ToString());
            Assert.Equal(stream, decoded);
            Assert.Equal(bytes, decoded.ToArray());

            // Without knowing them, the stream parses exactly when no type is even.
            var ok = TlvStream.TryParse(bytes, TlvNamespace.None, out _, out error);
            Assert.Equal(stream.Records.All(r => r.IsOdd), ok);
            if (!ok)
                Assert.Equal(WireErrorKind.TlvUnknownEvenType, error.Kind);
        });
    }

    [Fact]
    public void Garbage_never_throws_and_whatever_parses_reencodes_exactly()
    {
        Gen.Byte.Array[0, 100].Sample(bytes =>
        {
            if (TlvStream.TryParse(bytes, TlvVectorTests.N1, out var stream, out var error))
                Assert.Equal(bytes, stream.ToArray());
            else
                Assert.NotEqual(WireErrorKind.None, error.Kind);
        });
    }
}
