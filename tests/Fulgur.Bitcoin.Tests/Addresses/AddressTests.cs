using Fulgur.Bitcoin.Addresses;
using Fulgur.Bitcoin.Scripts;
using Fulgur.Crypto;

namespace Fulgur.Bitcoin.Tests.Addresses;

/// <summary>
/// Segwit addresses against BIP350's "Test vectors for v0-v16 native segregated witness addresses" (which keep
/// BIP173's v0 vectors), plus base58check P2PKH/P2SH and the wrong-network refusals.
/// </summary>
public sealed class AddressTests
{
    // BIP350: "The following list gives valid segwit addresses and the scriptPubKey that they translate to in hex."
    [Theory]
    [InlineData("BC1QW508D6QEJXTDG4Y5R3ZARVARY0C5XW7KV8F3T4", "0014751e76e8199196d454941c45d1b3a323f1433bd6")]
    [InlineData("tb1qrp33g0q5c5txsp9arysrx4k6zdkfs4nce4xj0gdcccefvpysxf3q0sl5k7", "00201863143c14c5166804bd19203356da136c985678cd4d27a1b8c6329604903262")]
    [InlineData("bc1pw508d6qejxtdg4y5r3zarvary0c5xw7kw508d6qejxtdg4y5r3zarvary0c5xw7kt5nd6y", "5128751e76e8199196d454941c45d1b3a323f1433bd6751e76e8199196d454941c45d1b3a323f1433bd6")]
    [InlineData("BC1SW50QGDZ25J", "6002751e")]
    [InlineData("bc1zw508d6qejxtdg4y5r3zarvaryvaxxpcs", "5210751e76e8199196d454941c45d1b3a323")]
    [InlineData("tb1qqqqqp399et2xygdj5xreqhjjvcmzhxw4aywxecjdzew6hylgvsesrxh6hy", "0020000000c4a5cad46221b2a187905e5266362b99d5e91c6ce24d165dab93e86433")]
    [InlineData("tb1pqqqqp399et2xygdj5xreqhjjvcmzhxw4aywxecjdzew6hylgvsesf3hn0c", "5120000000c4a5cad46221b2a187905e5266362b99d5e91c6ce24d165dab93e86433")]
    [InlineData("bc1p0xlxvlhemja6c4dqv22uapctqupfhlxm9h8z3k2e72q4k9hcz7vqzk5jj0", "512079be667ef9dcbbac55a06295ce870b07029bfcdb2dce28d959f2815b16f81798")]
    public void Bip350_valid_segwit_addresses(string address, string scriptHex)
    {
        var network = address.StartsWith("bc", StringComparison.OrdinalIgnoreCase) ? Network.Bitcoin : Network.Testnet;
        Assert.True(Address.TryParse(address, network, out var script, out var error), error);
        Assert.Equal(scriptHex, script.ToHex());
        Assert.True(Address.TryFormat(script, network, out var formatted));
        Assert.Equal(address.ToLowerInvariant(), formatted);
    }

    // BIP350: "The following list gives invalid segwit addresses and the reason for their invalidity." Then BIP173's.
    [Theory]
    [InlineData("tc1p0xlxvlhemja6c4dqv22uapctqupfhlxm9h8z3k2e72q4k9hcz7vq5zuyut")] // Invalid human-readable part
    [InlineData("bc1p0xlxvlhemja6c4dqv22uapctqupfhlxm9h8z3k2e72q4k9hcz7vqh2y7hd")] // Bech32 instead of Bech32m
    [InlineData("tb1z0xlxvlhemja6c4dqv22uapctqupfhlxm9h8z3k2e72q4k9hcz7vqglt7rf")] // Bech32 instead of Bech32m
    [InlineData("BC1S0XLXVLHEMJA6C4DQV22UAPCTQUPFHLXM9H8Z3K2E72Q4K9HCZ7VQ54WELL")] // Bech32 instead of Bech32m
    [InlineData("bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kemeawh")] // Bech32m instead of Bech32
    [InlineData("tb1q0xlxvlhemja6c4dqv22uapctqupfhlxm9h8z3k2e72q4k9hcz7vq24jc47")] // Bech32m instead of Bech32
    [InlineData("bc1p38j9r5y49hruaue7wxjce0updqjuyyx0kh56v8s25huc6995vvpql3jow4")] // Invalid character in checksum
    [InlineData("BC130XLXVLHEMJA6C4DQV22UAPCTQUPFHLXM9H8Z3K2E72Q4K9HCZ7VQ7ZWS8R")] // Invalid witness version
    [InlineData("bc1pw5dgrnzv")] // Invalid program length (1 byte)
    [InlineData("bc1p0xlxvlhemja6c4dqv22uapctqupfhlxm9h8z3k2e72q4k9hcz7v8n0nx0muaewav253zgeav")] // Invalid program length (41 bytes)
    [InlineData("BC1QR508D6QEJXTDG4Y5R3ZARVARYV98GJ9P")] // Invalid program length for witness version 0 (per BIP141)
    [InlineData("tb1p0xlxvlhemja6c4dqv22uapctqupfhlxm9h8z3k2e72q4k9hcz7vq47Zagq")] // Mixed case
    [InlineData("bc1p0xlxvlhemja6c4dqv22uapctqupfhlxm9h8z3k2e72q4k9hcz7v07qwwzcrf")] // zero padding of more than 4 bits
    [InlineData("tb1p0xlxvlhemja6c4dqv22uapctqupfhlxm9h8z3k2e72q4k9hcz7vpggkg4j")] // Non-zero padding in 8-to-5 conversion
    [InlineData("bc1gmk9yu")] // Empty data section
    [InlineData("tc1qw508d6qejxtdg4y5r3zarvary0c5xw7kg3g4ty")] // BIP173: Invalid human-readable part
    [InlineData("bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t5")] // BIP173: Invalid checksum
    [InlineData("BC13W508D6QEJXTDG4Y5R3ZARVARY0C5XW7KN40WF2")] // BIP173: Invalid witness version
    [InlineData("bc1rw5uspcuh")] // BIP173: Invalid program length
    [InlineData("bc10w508d6qejxtdg4y5r3zarvary0c5xw7kw508d6qejxtdg4y5r3zarvary0c5xw7kw5rljs90")] // BIP173: Invalid program length
    [InlineData("tb1qrp33g0q5c5txsp9arysrx4k6zdkfs4nce4xj0gdcccefvpysxf3q0sL5k7")] // BIP173: Mixed case
    [InlineData("bc1zw508d6qejxtdg4y5r3zarvaryvqyzf3du")] // BIP173: zero padding of more than 4 bits
    [InlineData("tb1qrp33g0q5c5txsp9arysrx4k6zdkfs4nce4xj0gdcccefvpysxf3pjxtptv")] // BIP173: Non-zero padding
    public void Invalid_segwit_addresses_are_refused(string address)
    {
        foreach (var network in Network.All)
        {
            Assert.False(Address.TryParse(address, network, out var script, out var error));
            Assert.Null(script);
            Assert.False(string.IsNullOrEmpty(error));
        }
    }

    [Fact]
    public void Wrong_network_addresses_are_refused_with_the_network_named()
    {
        Assert.False(Address.TryParse("tb1qrp33g0q5c5txsp9arysrx4k6zdkfs4nce4xj0gdcccefvpysxf3q0sl5k7", Network.Bitcoin, out _, out var e1));
        Assert.Equal("address is for testnet/signet, not bitcoin", e1);
        Assert.False(Address.TryParse("BC1QW508D6QEJXTDG4Y5R3ZARVARY0C5XW7KV8F3T4", Network.Regtest, out _, out var e2));
        Assert.Equal("address is for bitcoin, not regtest", e2);
        var regtest = Address.Format(StandardScripts.P2WpkhFromHash(new byte[20]), Network.Regtest);
        Assert.StartsWith("bcrt1q", regtest, StringComparison.Ordinal);
        Assert.False(Address.TryParse(regtest, Network.Testnet, out _, out var e3));
        Assert.Equal("address is for regtest, not testnet", e3);
        Assert.False(Address.TryParse("1BvBMSEYstWetqTFn5Au4m4GFg7xJaNVN2", Network.Regtest, out _, out var e4));
        Assert.Equal("address is for bitcoin, not regtest", e4);
    }

    [Theory]
    // The well-known P2PKH address of the key 1 (generator point), compressed, and the BIP16 example P2SH address.
    [InlineData("1BgGZ9tcN4rm9KBzDn7KprQz87SZ26SAMH", "76a914751e76e8199196d454941c45d1b3a323f1433bd688ac")]
    [InlineData("3P14159f73E4gFr7JterCCQh9QjiTjiZrG", "a914e9c3dd0c07aac76179ebc76a6c78d4d67c6c160a87")]
    public void Base58_addresses_decode_to_their_scripts(string address, string scriptHex)
    {
        Assert.True(Address.TryParse(address, Network.Bitcoin, out var script, out var error), error);
        Assert.Equal(scriptHex, script.ToHex());
        Assert.Equal(address, Address.Format(script, Network.Bitcoin));
    }

    [Fact]
    public void P2pkh_of_generator_key_matches_known_address()
    {
        var key = PublicKey.Parse(Hex.Decode("0279be667ef9dcbbac55a06295ce870b07029bfcdb2dce28d959f2815b16f81798"));
        Assert.Equal("1BgGZ9tcN4rm9KBzDn7KprQz87SZ26SAMH", Address.Format(StandardScripts.P2Pkh(key), Network.Bitcoin));
        Assert.Equal("bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t4", Address.Format(StandardScripts.P2Wpkh(key), Network.Bitcoin));
    }

    [Theory]
    [InlineData("")]
    [InlineData("1BgGZ9tcN4rm9KBzDn7KprQz87SZ26SAMh")] // checksum
    [InlineData("1BgGZ9tcN4rm9KBzDn7KprQz87SZ26SAM0")] // '0' is not base58
    [InlineData("bcrt1")]
    [InlineData("xyz1qqqqqq")]
    public void Garbage_is_refused_with_an_error(string text)
    {
        Assert.False(Address.TryParse(text, Network.Bitcoin, out _, out var error));
        Assert.False(string.IsNullOrEmpty(error));
    }

    [Fact]
    public void Scripts_without_an_address_form_have_none()
    {
        Assert.False(Address.TryFormat(StandardScripts.OpReturn([1, 2, 3]), Network.Bitcoin, out _));
        Assert.False(Address.TryFormat(Script.FromHex("0011" + new string('0', 34)), Network.Bitcoin, out _)); // v0, 17 bytes
    }

    [Fact]
    public void Base58_keeps_leading_zero_bytes()
    {
        byte[] data = [0, 0, 1, 2, 3];
        var text = Base58.Encode(data);
        Assert.StartsWith("11", text, StringComparison.Ordinal);
        Assert.True(Base58.TryDecode(text, out var back));
        Assert.Equal(data, back);
        Assert.Equal("", Base58.Encode([]));
    }
}
