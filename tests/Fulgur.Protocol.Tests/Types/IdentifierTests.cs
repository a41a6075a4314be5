using CsCheck;
using Fulgur.Crypto;
using Fulgur.Protocol.Types;

namespace Fulgur.Protocol.Tests.ValueTypes;

/// <summary>NodeId, ChannelId, PaymentHash, Preimage, ChainHash and the block-height types.</summary>
public sealed class IdentifierTests
{
    private const string Key1 = "023da092f6980e58d2c037173180e9a465476026ee50f96695963e8efe436f54eb";

    [Fact]
    public void NodeId_parses_and_formats_hex()
    {
        var id = NodeId.Parse(Key1);
        Assert.Equal(Key1, id.ToString());
        Assert.Equal(Key1, Hex.Encode(id.Bytes));
        Assert.Equal(id, NodeId.Parse(Key1.ToUpperInvariant()));
        Assert.Equal(id.GetHashCode(), NodeId.Parse(Key1).GetHashCode());
    }

    [Theory]
    [InlineData("")]
    [InlineData("02")]
    [InlineData("023da092f6980e58d2c037173180e9a465476026ee50f96695963e8efe436f54")]
    [InlineData("043da092f6980e58d2c037173180e9a465476026ee50f96695963e8efe436f54eb")]
    [InlineData("020000000000000000000000000000000000000000000000000000000000000000")]
    [InlineData("zz3da092f6980e58d2c037173180e9a465476026ee50f96695963e8efe436f54eb")]
    public void NodeId_refuses_what_is_not_a_compressed_point(string hex)
    {
        Assert.False(NodeId.TryParse(hex, out _));
    }

    [Fact]
    public void NodeId_orders_by_compressed_bytes_as_bolt7_sorts_node_id_1_and_2()
    {
        Gen.Select(Gen.Byte.Array[32], Gen.Byte.Array[32]).Sample((a, b) =>
        {
            if (!PrivateKey.TryCreate(a, out var ka) || !PrivateKey.TryCreate(b, out var kb))
                return;
            using (ka)
            using (kb)
            {
                var na = new NodeId(ka.PublicKey);
                var nb = new NodeId(kb.PublicKey);
                var expected = Math.Sign(na.Bytes.SequenceCompareTo(nb.Bytes));
                Assert.Equal(expected, Math.Sign(na.CompareTo(nb)));
                Assert.Equal(expected < 0, na < nb);
                Assert.Equal(NodeId.Parse(na.ToHex()), na);
            }
        }, iter: 200);
        // A 02-prefixed key sorts before any 03-prefixed one.
        var even = NodeId.Parse(Key1);
        var odd = Enumerable.Range(1, 20).Select(i => new NodeId(KeyFromByte((byte)i))).First(n => n.Bytes[0] == 0x03);
        Assert.True(even < odd);
        Assert.Equal([even, odd], new[] { odd, even }.Order().ToArray());
    }

    private static PublicKey KeyFromByte(byte b)
    {
        using var key = PrivateKey.Create(Enumerable.Repeat(b, 32).ToArray());
        return key.PublicKey;
    }

    [Fact]
    public void ChannelId_xors_the_output_index_into_the_last_two_bytes()
    {
        var txid = Hex.Decode("8984484a580b825b9972d7adb15050b3ab624ccd731946b3eeddb92f4e7ef6be");
        Assert.Equal("8984484a580b825b9972d7adb15050b3ab624ccd731946b3eeddb92f4e7ef6be", ChannelId.FromFundingOutput(txid, 0).ToString());
        Assert.Equal("8984484a580b825b9972d7adb15050b3ab624ccd731946b3eeddb92f4e7ef6bf", ChannelId.FromFundingOutput(txid, 1).ToString());
        Assert.Equal("8984484a580b825b9972d7adb15050b3ab624ccd731946b3eeddb92f4e7e0941", ChannelId.FromFundingOutput(txid, 0xffff).ToString());
    }

    [Fact]
    public void ChannelId_v2_is_sha256_of_sorted_basepoints()
    {
        var a = PublicKey.Parse(Hex.Decode(Key1));
        var b = KeyFromByte(0x22);
        var expected = Hex.Encode(Sha256.Hash([.. a.Compressed, .. b.Compressed]));
        Assert.Equal(expected, ChannelId.FromRevocationBasepoints(a, b).ToString());
        Assert.Equal(expected, ChannelId.FromRevocationBasepoints(b, a).ToString());
    }

    [Fact]
    public void Preimage_hash_is_sha256()
    {
        var preimage = Preimage.Parse(new string('0', 64));
        Assert.Equal("66687aadf862bd776c8fc18b8e9f8e20089714856ee233b3902a591d0d5f2925", preimage.Hash.ToString());
        var other = Preimage.Parse("0101010101010101010101010101010101010101010101010101010101010101");
        Assert.Equal(PaymentHash.FromSpan(Sha256.Hash(other.ToArray())), other.Hash);
    }

    [Fact]
    public void Hash_types_parse_64_hex_only()
    {
        Assert.False(PaymentHash.TryParse(new string('0', 63), out _));
        Assert.False(PaymentHash.TryParse(new string('g', 64), out _));
        Assert.False(ChannelId.TryParse("", out _));
        Assert.True(ChannelId.Parse(new string('0', 64)).IsAll);
        Gen.Byte.Array[32].Sample(bytes =>
        {
            var hash = PaymentHash.FromSpan(bytes);
            Assert.Equal(hash, PaymentHash.Parse(hash.ToString()));
            Assert.Equal(bytes, hash.ToArray());
        });
    }

    [Fact]
    public void Bytes32_orders_lexicographically()
    {
        Gen.Select(Gen.Byte.Array[32], Gen.Byte.Array[32]).Sample((a, b) =>
            Assert.Equal(Math.Sign(a.AsSpan().SequenceCompareTo(b)), Math.Sign(Bytes32.FromSpan(a).CompareTo(Bytes32.FromSpan(b)))));
    }

    [Fact]
    public void Chain_hashes_are_genesis_hashes_in_wire_order()
    {
        Assert.Equal("6fe28c0ab6f1b372c1a6a246ae63f74f931e8365e15a089c68d6190000000000", ChainHash.Bitcoin.ToString());
        Assert.Equal("06226e46111a0b59caaf126043eb5bbf28c34f3a5e332a1fc7b2b73cf188910f", ChainHash.Regtest.ToString());
        Assert.Equal("bitcoin", ChainHash.Bitcoin.NetworkName);
        Assert.Null(new ChainHash(Bytes32.Zero).NetworkName);
    }

    [Fact]
    public void Block_heights_and_expiries()
    {
        var tip = new BlockHeight(100);
        var expiry = new CltvExpiryDelta(40).After(tip);
        Assert.Equal(new CltvExpiry(140), expiry);
        Assert.False(expiry.HasExpiredAt(tip));
        Assert.True(expiry.HasExpiredAt(tip + 40));
        Assert.Equal(new CltvExpiry(100), expiry - new CltvExpiryDelta(40));
        Assert.Equal(-40, new CltvExpiry(100) - expiry);
        Assert.Equal(10, new BlockHeight(110) - tip);
        Assert.Throws<OverflowException>(() => new CltvExpiryDelta(65535) + new CltvExpiryDelta(1));
    }
}
