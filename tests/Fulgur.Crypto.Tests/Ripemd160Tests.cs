using System.Text;

namespace Fulgur.Crypto.Tests;

/// <summary>The test vectors published with RIPEMD-160 (Dobbertin, Bosselaers, Preneel).</summary>
public sealed class Ripemd160Tests
{
    [Theory]
    [InlineData("", "9c1185a5c5e9fc54612808977ee8f548b2258d31")]
    [InlineData("a", "0bdc9d2d256b3ee9daae347be6f4dc835a467ffe")]
    [InlineData("abc", "8eb208f7e05d987a9b044a8e98c6b087f15a0bfc")]
    [InlineData("message digest", "5d0689ef49d2fae572b881b123a85ffa21595f36")]
    [InlineData("abcdefghijklmnopqrstuvwxyz", "f71c27109c692c1b56bbdceb5b9d2865b3708dbc")]
    [InlineData("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq", "12a053384a9c0c88e405a06c27dcf49ada62eb2b")]
    [InlineData("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789", "b0e20b6e3116640286ed3a87a5713079b21f5189")]
    [InlineData("12345678901234567890123456789012345678901234567890123456789012345678901234567890", "9b752e45573d4b39f4dbd3323cab82bf63326bfb")]
    public void Reference_vectors(string message, string digest) =>
        Assert.Equal(digest, Hex.Encode(Ripemd160.Hash(Encoding.ASCII.GetBytes(message))));

    [Fact]
    public void One_million_a() =>
        Assert.Equal("52783243c1697bdbe16d37f97f68f08325dc1528", Hex.Encode(Ripemd160.Hash(Enumerable.Repeat((byte)'a', 1_000_000).ToArray())));

    [Fact]
    public void Padding_boundaries_match_incremental_definition()
    {
        // Lengths around the 55/56/64-byte padding boundaries must each give a distinct, stable digest.
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var length = 50; length <= 130; length++)
            Assert.True(seen.Add(Hex.Encode(Ripemd160.Hash(new byte[length]))));
    }

    [Fact]
    public void Hash160_is_ripemd160_of_sha256()
    {
        // The compressed public key of secret 1 (the generator G) and its well-known HASH160.
        var g = Hex.Decode("0279be667ef9dcbbac55a06295ce870b07029bfcdb2dce28d959f2815b16f81798");
        Assert.Equal("751e76e8199196d454941c45d1b3a323f1433bd6", Hex.Encode(Hash160.Hash(g)));
    }
}
