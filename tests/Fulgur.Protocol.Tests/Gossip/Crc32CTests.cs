using System.Text;
using CsCheck;
using Fulgur.Protocol.Gossip;

namespace Fulgur.Protocol.Tests.Gossip;

/// <summary>CRC32C against RFC 3720 appendix B.4's vectors and the usual check values.</summary>
public sealed class Crc32CTests
{
    [Fact]
    public void Rfc3720_appendix_b4_vectors()
    {
        // 32 bytes of zeros, of ones, incrementing and decrementing; the RFC prints each CRC least-significant byte first.
        Assert.Equal(0x8A9136AAu, Crc32C.Compute(new byte[32]));
        Assert.Equal(0x62A8AB43u, Crc32C.Compute(Enumerable.Repeat((byte)0xff, 32).ToArray()));
        Assert.Equal(0x46DD794Eu, Crc32C.Compute(Enumerable.Range(0, 32).Select(i => (byte)i).ToArray()));
        Assert.Equal(0x113FDB5Cu, Crc32C.Compute(Enumerable.Range(0, 32).Select(i => (byte)(31 - i)).ToArray()));
    }

    [Theory]
    [InlineData("", 0x00000000u)]
    [InlineData("123456789", 0xE3069283u)]
    [InlineData("abc", 0x364B3FB7u)]
    [InlineData("hello world", 0xC99465AAu)]
    public void Check_values(string text, uint expected) => Assert.Equal(expected, Crc32C.Compute(Encoding.ASCII.GetBytes(text)));

    [Fact]
    public void Append_continues_a_checksum()
    {
        Gen.Select(Gen.Byte.Array[0, 100], Gen.Byte.Array[0, 100]).Sample((a, b) =>
            Assert.Equal(Crc32C.Compute([.. a, .. b]), Crc32C.Append(Crc32C.Compute(a), b)));
    }
}
