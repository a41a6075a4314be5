using Fulgur.Crypto;
using Fulgur.Node.Hsm;
using Fulgur.Node.Tests.Support;

namespace Fulgur.Node.Tests.Daemon;

public sealed class HsmSecretTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void Created_once_with_mode_0400_and_read_back_unchanged()
    {
        Assert.True(HsmSecret.TryLoadOrCreate(_dir.Path, out var first, out var error), error);
        using (first)
        {
            Assert.True(first.Created);
            var path = _dir.Combine(HsmSecret.FileName);
            Assert.Equal(UnixFileMode.UserRead, File.GetUnixFileMode(path));
            Assert.Equal(32, new FileInfo(path).Length);
            Assert.True(HsmSecret.TryLoadOrCreate(_dir.Path, out var second, out error), error);
            using (second)
            {
                Assert.False(second.Created);
                Assert.True(first.Bytes.SequenceEqual(second.Bytes));
                using var k1 = NodeKeyDerivation.DeriveNodeKey(first);
                using var k2 = NodeKeyDerivation.DeriveNodeKey(second);
                Assert.Equal(k1.PublicKey, k2.PublicKey);
            }
        }
        Assert.False(File.Exists(_dir.Combine(HsmSecret.FileName + ".tmp")));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(31)]
    [InlineData(33)]
    [InlineData(64)]
    public void A_file_of_another_size_is_refused_and_left_alone(int size)
    {
        var path = _dir.Combine(HsmSecret.FileName);
        File.WriteAllBytes(path, new byte[size]);
        Assert.False(HsmSecret.TryLoadOrCreate(_dir.Path, out _, out var error));
        Assert.Contains($"is {size} bytes, expected 32", error, StringComparison.Ordinal);
        Assert.Equal(size, new FileInfo(path).Length);
    }

    [Fact]
    public void The_node_key_is_hkdf_sha256_of_the_secret_with_info_nodeid()
    {
        // Independent computation (Python hmac/hashlib): HKDF-SHA256(ikm = 0x01 * 32, salt = le32(0), info = "nodeid", L = 32).
        var secret = Enumerable.Repeat((byte)1, 32).ToArray();
        using var key = NodeKeyDerivation.DeriveNodeKey(secret);
        Assert.Equal("aae7ec5943df6bf7f26773729b3ac9a12ee428bbc4e6e2fbd27f3cf78cfe6d86", Hex.Encode(key.ToBytes()));
    }

    [Fact]
    public void Same_node_id_as_core_lightning_for_the_same_hsm_secret()
    {
        // Core Lightning's test framework writes hsm_secret = the node directory's name padded with zeros to 32
        // bytes; its node "lightning-1" has this well-known id.
        var secret = new byte[32];
        "lightning-1"u8.CopyTo(secret);
        using var key = NodeKeyDerivation.DeriveNodeKey(secret);
        Assert.Equal("0266e4598d1d3c415f572a8488830b60f7e744ed9235eb0b1ba93283b315c03518", key.PublicKey.ToHex());
    }

    [Fact]
    public void Default_alias_and_color_come_from_the_node_id()
    {
        var id = PublicKey.FromHex("0266e4598d1d3c415f572a8488830b60f7e744ed9235eb0b1ba93283b315c03518");
        Assert.Equal([0x66, 0xe4, 0x59], NodeAppearance.DefaultColor(id));
        var alias = NodeAppearance.DefaultAlias(id);
        Assert.Equal(alias, NodeAppearance.DefaultAlias(id));
        Assert.InRange(System.Text.Encoding.UTF8.GetByteCount(alias), 1, 32);
        Assert.Matches("^[A-Z]+$", alias);
    }
}
