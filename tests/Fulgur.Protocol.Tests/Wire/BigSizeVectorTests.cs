using Fulgur.Crypto;
using Fulgur.Protocol.Tests.SpecConformance;
using Fulgur.Protocol.Wire;
using CsCheck;

namespace Fulgur.Protocol.Tests.Wire;

/// <summary>BOLT 1 Appendix A (BigSize) and Appendix D (signed integers), vectors read from 01-messaging.md.</summary>
public sealed class BigSizeVectorTests
{
    private static bool TryRead(byte[] bytes, out ulong value, out WireError error)
    {
        var reader = new WireReader(bytes);
        var ok = reader.TryReadBigSize(out value);
        error = reader.Error;
        return ok;
    }

    [SkippableFact]
    public void Appendix_A_BigSize_decoding_tests()
    {
        var section = BoltDocument.Load("01-messaging.md").Section("BigSize Decoding Tests");
        var vectors = BoltDocument.JsonBlocks(section).Single().EnumerateArray().ToList();
        Assert.Equal(18, vectors.Count);
        foreach (var vector in vectors)
        {
            var name = vector.GetProperty("name").GetString();
            var bytes = Hex.Decode(vector.GetProperty("bytes").GetString()!);
            var ok = TryRead(bytes, out var value, out var error);
            if (vector.TryGetProperty("exp_error", out var expected))
            {
                Assert.False(ok, $"{name}: decoded {value}, expected '{expected}'");
                var kind = expected.GetString() == "decoded bigsize is not canonical" ? WireErrorKind.NonMinimalBigSize : WireErrorKind.Truncated;
                Assert.Equal(kind, error.Kind);
            }
            else
            {
                Assert.True(ok, $"{name}: {error}");
                Assert.Equal(vector.GetProperty("value").GetUInt64(), value);
            }
        }
    }

    [SkippableFact]
    public void Appendix_A_BigSize_encoding_tests()
    {
        var section = BoltDocument.Load("01-messaging.md").Section("BigSize Encoding Tests");
        var vectors = BoltDocument.JsonBlocks(section).Single().EnumerateArray().ToList();
        Assert.Equal(8, vectors.Count);
        foreach (var vector in vectors)
        {
            var value = vector.GetProperty("value").GetUInt64();
            var encoded = WireWriter.ToArray(w => w.WriteBigSize(value));
            Assert.Equal(vector.GetProperty("bytes").GetString(), Hex.Encode(encoded));
            Assert.Equal(encoded.Length, WireWriter.BigSizeLength(value));
        }
    }

    [SkippableFact]
    public void Appendix_D_signed_integers_test_vectors()
    {
        var section = BoltDocument.Load("01-messaging.md").Section("Appendix D: Signed Integers Test Vectors");
        var vectors = BoltDocument.JsonBlocks(section).Single().EnumerateArray().ToList();
        Assert.NotEmpty(vectors);
        foreach (var vector in vectors)
        {
            var value = vector.GetProperty("value").GetInt64();
            var expected = vector.GetProperty("bytes").GetString()!;
            // Each vector is written in the smallest of s8/s16/s32/s64 that holds it.
            var encoded = expected.Length switch
            {
                2 => WireWriter.ToArray(w => w.WriteS8(checked((sbyte)value))),
                4 => WireWriter.ToArray(w => w.WriteS16(checked((short)value))),
                8 => WireWriter.ToArray(w => w.WriteS32(checked((int)value))),
                _ => WireWriter.ToArray(w => w.WriteS64(value)),
            };
            Assert.Equal(expected, Hex.Encode(encoded));
            var reader = new WireReader(encoded);
            long decoded = expected.Length switch
            {
                2 => reader.TryReadS8(out var s8) ? s8 : throw new InvalidOperationException(),
                4 => reader.TryReadS16(out var s16) ? s16 : throw new InvalidOperationException(),
                8 => reader.TryReadS32(out var s32) ? s32 : throw new InvalidOperationException(),
                _ => reader.TryReadS64(out var s64) ? s64 : throw new InvalidOperationException(),
            };
            Assert.Equal(value, decoded);
        }
    }

    [Fact]
    public void BigSize_round_trips_for_any_value()
    {
        Gen.OneOf<ulong>(Gen.ULong, Gen.ULong[0, 0x1_0000], Gen.ULong[0xf0, 0x1_0010], Gen.ULong[0xffff_fff0, 0x1_0000_0010])
            .Sample(value =>
            {
                var bytes = WireWriter.ToArray(w => w.WriteBigSize(value));
                var reader = new WireReader(bytes);
                Assert.True(reader.TryReadBigSize(out var decoded));
                Assert.Equal(value, decoded);
                Assert.True(reader.IsAtEnd);
            });
    }

    [Fact]
    public void BigSize_reader_never_throws_on_garbage()
    {
        Gen.Byte.Array[0, 12].Sample(bytes =>
        {
            var reader = new WireReader(bytes);
            if (reader.TryReadBigSize(out var value))
            {
                // Whatever decodes must be the unique minimal encoding of its value.
                Assert.Equal(WireWriter.ToArray(w => w.WriteBigSize(value)), bytes[..reader.Position]);
            }
            else
            {
                Assert.NotEqual(WireErrorKind.None, reader.Error.Kind);
            }
        });
    }
}
