using Fulgur.Bitcoin.Bip32;
using Fulgur.Crypto;

namespace Fulgur.Bitcoin.Tests.Bip32;

/// <summary>BIP32 "Test Vectors" 1–5, copied from bitcoin/bips bip-0032.mediawiki (not part of shared/).</summary>
public sealed class Bip32VectorTests
{
    public static TheoryData<string, string, string, string> Vectors => new()
    {
        // Test vector 1
        { "000102030405060708090a0b0c0d0e0f", "m",
            "xpub661MyMwAqRbcFtXgS5sYJABqqG9YLmC4Q1Rdap9gSE8NqtwybGhePY2gZ29ESFjqJoCu1Rupje8YtGqsefD265TMg7usUDFdp6W1EGMcet8",
            "xprv9s21ZrQH143K3QTDL4LXw2F7HEK3wJUD2nW2nRk4stbPy6cq3jPPqjiChkVvvNKmPGJxWUtg6LnF5kejMRNNU3TGtRBeJgk33yuGBxrMPHi" },
        { "000102030405060708090a0b0c0d0e0f", "m/0H",
            "xpub68Gmy5EdvgibQVfPdqkBBCHxA5htiqg55crXYuXoQRKfDBFA1WEjWgP6LHhwBZeNK1VTsfTFUHCdrfp1bgwQ9xv5ski8PX9rL2dZXvgGDnw",
            "xprv9uHRZZhk6KAJC1avXpDAp4MDc3sQKNxDiPvvkX8Br5ngLNv1TxvUxt4cV1rGL5hj6KCesnDYUhd7oWgT11eZG7XnxHrnYeSvkzY7d2bhkJ7" },
        { "000102030405060708090a0b0c0d0e0f", "m/0H/1",
            "xpub6ASuArnXKPbfEwhqN6e3mwBcDTgzisQN1wXN9BJcM47sSikHjJf3UFHKkNAWbWMiGj7Wf5uMash7SyYq527Hqck2AxYysAA7xmALppuCkwQ",
            "xprv9wTYmMFdV23N2TdNG573QoEsfRrWKQgWeibmLntzniatZvR9BmLnvSxqu53Kw1UmYPxLgboyZQaXwTCg8MSY3H2EU4pWcQDnRnrVA1xe8fs" },
        { "000102030405060708090a0b0c0d0e0f", "m/0H/1/2H",
            "xpub6D4BDPcP2GT577Vvch3R8wDkScZWzQzMMUm3PWbmWvVJrZwQY4VUNgqFJPMM3No2dFDFGTsxxpG5uJh7n7epu4trkrX7x7DogT5Uv6fcLW5",
            "xprv9z4pot5VBttmtdRTWfWQmoH1taj2axGVzFqSb8C9xaxKymcFzXBDptWmT7FwuEzG3ryjH4ktypQSAewRiNMjANTtpgP4mLTj34bhnZX7UiM" },
        { "000102030405060708090a0b0c0d0e0f", "m/0H/1/2H/2",
            "xpub6FHa3pjLCk84BayeJxFW2SP4XRrFd1JYnxeLeU8EqN3vDfZmbqBqaGJAyiLjTAwm6ZLRQUMv1ZACTj37sR62cfN7fe5JnJ7dh8zL4fiyLHV",
            "xprvA2JDeKCSNNZky6uBCviVfJSKyQ1mDYahRjijr5idH2WwLsEd4Hsb2Tyh8RfQMuPh7f7RtyzTtdrbdqqsunu5Mm3wDvUAKRHSC34sJ7in334" },
        { "000102030405060708090a0b0c0d0e0f", "m/0H/1/2H/2/1000000000",
            "xpub6H1LXWLaKsWFhvm6RVpEL9P4KfRZSW7abD2ttkWP3SSQvnyA8FSVqNTEcYFgJS2UaFcxupHiYkro49S8yGasTvXEYBVPamhGW6cFJodrTHy",
            "xprvA41z7zogVVwxVSgdKUHDy1SKmdb533PjDz7J6N6mV6uS3ze1ai8FHa8kmHScGpWmj4WggLyQjgPie1rFSruoUihUZREPSL39UNdE3BBDu76" },
        // Test vector 2
        { Seed2, "m",
            "xpub661MyMwAqRbcFW31YEwpkMuc5THy2PSt5bDMsktWQcFF8syAmRUapSCGu8ED9W6oDMSgv6Zz8idoc4a6mr8BDzTJY47LJhkJ8UB7WEGuduB",
            "xprv9s21ZrQH143K31xYSDQpPDxsXRTUcvj2iNHm5NUtrGiGG5e2DtALGdso3pGz6ssrdK4PFmM8NSpSBHNqPqm55Qn3LqFtT2emdEXVYsCzC2U" },
        { Seed2, "m/0",
            "xpub69H7F5d8KSRgmmdJg2KhpAK8SR3DjMwAdkxj3ZuxV27CprR9LgpeyGmXUbC6wb7ERfvrnKZjXoUmmDznezpbZb7ap6r1D3tgFxHmwMkQTPH",
            "xprv9vHkqa6EV4sPZHYqZznhT2NPtPCjKuDKGY38FBWLvgaDx45zo9WQRUT3dKYnjwih2yJD9mkrocEZXo1ex8G81dwSM1fwqWpWkeS3v86pgKt" },
        { Seed2, "m/0/2147483647H",
            "xpub6ASAVgeehLbnwdqV6UKMHVzgqAG8Gr6riv3Fxxpj8ksbH9ebxaEyBLZ85ySDhKiLDBrQSARLq1uNRts8RuJiHjaDMBU4Zn9h8LZNnBC5y4a",
            "xprv9wSp6B7kry3Vj9m1zSnLvN3xH8RdsPP1Mh7fAaR7aRLcQMKTR2vidYEeEg2mUCTAwCd6vnxVrcjfy2kRgVsFawNzmjuHc2YmYRmagcEPdU9" },
        { Seed2, "m/0/2147483647H/1",
            "xpub6DF8uhdarytz3FWdA8TvFSvvAh8dP3283MY7p2V4SeE2wyWmG5mg5EwVvmdMVCQcoNJxGoWaU9DCWh89LojfZ537wTfunKau47EL2dhHKon",
            "xprv9zFnWC6h2cLgpmSA46vutJzBcfJ8yaJGg8cX1e5StJh45BBciYTRXSd25UEPVuesF9yog62tGAQtHjXajPPdbRCHuWS6T8XA2ECKADdw4Ef" },
        { Seed2, "m/0/2147483647H/1/2147483646H",
            "xpub6ERApfZwUNrhLCkDtcHTcxd75RbzS1ed54G1LkBUHQVHQKqhMkhgbmJbZRkrgZw4koxb5JaHWkY4ALHY2grBGRjaDMzQLcgJvLJuZZvRcEL",
            "xprvA1RpRA33e1JQ7ifknakTFpgNXPmW2YvmhqLQYMmrj4xJXXWYpDPS3xz7iAxn8L39njGVyuoseXzU6rcxFLJ8HFsTjSyQbLYnMpCqE2VbFWc" },
        { Seed2, "m/0/2147483647H/1/2147483646H/2",
            "xpub6FnCn6nSzZAw5Tw7cgR9bi15UV96gLZhjDstkXXxvCLsUXBGXPdSnLFbdpq8p9HmGsApME5hQTZ3emM2rnY5agb9rXpVGyy3bdW6EEgAtqt",
            "xprvA2nrNbFZABcdryreWet9Ea4LvTJcGsqrMzxHx98MMrotbir7yrKCEXw7nadnHM8Dq38EGfSh6dqA9QWTyefMLEcBYJUuekgW4BYPJcr9E7j" },
        // Test vector 3: "These vectors test for the retention of leading zeros."
        { Seed3, "m",
            "xpub661MyMwAqRbcEZVB4dScxMAdx6d4nFc9nvyvH3v4gJL378CSRZiYmhRoP7mBy6gSPSCYk6SzXPTf3ND1cZAceL7SfJ1Z3GC8vBgp2epUt13",
            "xprv9s21ZrQH143K25QhxbucbDDuQ4naNntJRi4KUfWT7xo4EKsHt2QJDu7KXp1A3u7Bi1j8ph3EGsZ9Xvz9dGuVrtHHs7pXeTzjuxBrCmmhgC6" },
        { Seed3, "m/0H",
            "xpub68NZiKmJWnxxS6aaHmn81bvJeTESw724CRDs6HbuccFQN9Ku14VQrADWgqbhhTHBaohPX4CjNLf9fq9MYo6oDaPPLPxSb7gwQN3ih19Zm4Y",
            "xprv9uPDJpEQgRQfDcW7BkF7eTya6RPxXeJCqCJGHuCJ4GiRVLzkTXBAJMu2qaMWPrS7AANYqdq6vcBcBUdJCVVFceUvJFjaPdGZ2y9WACViL4L" },
        // Test vector 4: "These vectors test for the retention of leading zeros."
        { Seed4, "m",
            "xpub661MyMwAqRbcGczjuMoRm6dXaLDEhW1u34gKenbeYqAix21mdUKJyuyu5F1rzYGVxyL6tmgBUAEPrEz92mBXjByMRiJdba9wpnN37RLLAXa",
            "xprv9s21ZrQH143K48vGoLGRPxgo2JNkJ3J3fqkirQC2zVdk5Dgd5w14S7fRDyHH4dWNHUgkvsvNDCkvAwcSHNAQwhwgNMgZhLtQC63zxwhQmRv" },
        { Seed4, "m/0H",
            "xpub69AUMk3qDBi3uW1sXgjCmVjJ2G6WQoYSnNHyzkmdCHEhSZ4tBok37xfFEqHd2AddP56Tqp4o56AePAgCjYdvpW2PU2jbUPFKsav5ut6Ch1m",
            "xprv9vB7xEWwNp9kh1wQRfCCQMnZUEG21LpbR9NPCNN1dwhiZkjjeGRnaALmPXCX7SgjFTiCTT6bXes17boXtjq3xLpcDjzEuGLQBM5ohqkao9G" },
        { Seed4, "m/0H/1H",
            "xpub6BJA1jSqiukeaesWfxe6sNK9CCGaujFFSJLomWHprUL9DePQ4JDkM5d88n49sMGJxrhpjazuXYWdMf17C9T5XnxkopaeS7jGk1GyyVziaMt",
            "xprv9xJocDuwtYCMNAo3Zw76WENQeAS6WGXQ55RCy7tDJ8oALr4FWkuVoHJeHVAcAqiZLE7Je3vZJHxspZdFHfnBEjHqU5hG1Jaj32dVoS6XLT1" },
    };

    private const string Seed4 = "3ddd5602285899a946114506157c7997e5444528f3003f6134712147db19b678";

    private const string Seed2 =
        "fffcf9f6f3f0edeae7e4e1dedbd8d5d2cfccc9c6c3c0bdbab7b4b1aeaba8a5a29f9c999693908d8a8784817e7b7875726f6c696663605d5a5754514e4b484542";

    private const string Seed3 =
        "4b381541583be4423346c643850da4b320e46a87ae3d2a4e6da11eba819cd4acba45d239319ac14f863b8d5ab5a0d0c64d2e8a1e7d1457df2e5a3c51c73235be";

    [Theory]
    [MemberData(nameof(Vectors))]
    public void Derivation_and_serialization_match(string seed, string path, string xpub, string xprv)
    {
        using var master = ExtKey.FromSeed(Hex.Decode(seed));
        using var key = master.Derive(KeyPath.Parse(path));
        Assert.Equal(xprv, key.ToString(Network.Bitcoin));
        Assert.Equal(xpub, key.Neuter().ToString(Network.Bitcoin));

        Assert.True(ExtKey.TryParse(xprv, out var parsed, out var network, out var error), error);
        using (parsed)
        {
            Assert.Same(Network.Bitcoin, network);
            Assert.Equal(xprv, parsed.ToString(Network.Bitcoin));
        }
        Assert.True(ExtPubKey.TryParse(xpub, out var parsedPub, out _, out error), error);
        Assert.Equal(key.Neuter(), parsedPub);
    }

    [Theory]
    [MemberData(nameof(Vectors))]
    public void Public_derivation_of_normal_children_matches_private(string seed, string path, string xpub, string xprv)
    {
        _ = xprv;
        var keyPath = KeyPath.Parse(path);
        if (keyPath.Depth == 0 || KeyPath.IsHardened(keyPath.Indexes[^1]))
            return;
        using var master = ExtKey.FromSeed(Hex.Decode(seed));
        using var parent = master.Derive(new KeyPath(keyPath.Indexes.Take(keyPath.Depth - 1)));
        Assert.Equal(xpub, parent.Neuter().Derive(keyPath.Indexes[^1]).ToString(Network.Bitcoin));
    }

    [Fact]
    public void Testnet_serialization_uses_tprv_and_tpub()
    {
        using var master = ExtKey.FromSeed(Hex.Decode("000102030405060708090a0b0c0d0e0f"));
        var tprv = master.ToString(Network.Regtest);
        Assert.StartsWith("tprv", tprv, StringComparison.Ordinal);
        Assert.StartsWith("tpub", master.Neuter().ToString(Network.Testnet), StringComparison.Ordinal);
        Assert.True(ExtKey.TryParse(tprv, out var parsed, out var network, out _));
        parsed.Dispose();
        Assert.Equal(Network.Testnet.ExtPrivateKeyVersion, network.ExtPrivateKeyVersion);
    }

    [Fact]
    public void Hardened_children_cannot_come_from_a_public_key()
    {
        using var master = ExtKey.FromSeed(Hex.Decode("000102030405060708090a0b0c0d0e0f"));
        Assert.False(master.Neuter().TryDerive(KeyPath.Hardened(0), out _));
    }

    [Theory]
    [InlineData("m/84'/0'/0'/0/5", "m/84'/0'/0'/0/5")]
    [InlineData("m/0H/1h", "m/0'/1'")]
    [InlineData("m", "m")]
    [InlineData("0/1", "m/0/1")]
    [InlineData("m/2147483647'", "m/2147483647'")]
    public void Paths_parse_and_print(string text, string printed) => Assert.Equal(printed, KeyPath.Parse(text).ToString());

    [Theory]
    [InlineData("")]
    [InlineData("m/")]
    [InlineData("m/x")]
    [InlineData("m/2147483648'")]
    [InlineData("m/4294967296")]
    [InlineData("m/-1")]
    [InlineData("m//1")]
    public void Bad_paths_are_refused(string text) => Assert.False(KeyPath.TryParse(text, out _));

    // BIP32 test vector 5: "These vectors test that invalid extended keys are recognized as invalid."
    [Theory]
    [InlineData("xpub661MyMwAqRbcEYS8w7XLSVeEsBXy79zSzH1J8vCdxAZningWLdN3zgtU6LBpB85b3D2yc8sfvZU521AAwdZafEz7mnzBBsz4wKY5fTtTQBm")] // pubkey version / prvkey mismatch
    [InlineData("xprv9s21ZrQH143K24Mfq5zL5MhWK9hUhhGbd45hLXo2Pq2oqzMMo63oStZzFGTQQD3dC4H2D5GBj7vWvSQaaBv5cxi9gafk7NF3pnBju6dwKvH")] // prvkey version / pubkey mismatch
    [InlineData("xpub661MyMwAqRbcEYS8w7XLSVeEsBXy79zSzH1J8vCdxAZningWLdN3zgtU6Txnt3siSujt9RCVYsx4qHZGc62TG4McvMGcAUjeuwZdduYEvFn")] // invalid pubkey prefix 04
    [InlineData("xprv9s21ZrQH143K24Mfq5zL5MhWK9hUhhGbd45hLXo2Pq2oqzMMo63oStZzFGpWnsj83BHtEy5Zt8CcDr1UiRXuWCmTQLxEK9vbz5gPstX92JQ")] // invalid prvkey prefix 04
    [InlineData("xpub661MyMwAqRbcEYS8w7XLSVeEsBXy79zSzH1J8vCdxAZningWLdN3zgtU6N8ZMMXctdiCjxTNq964yKkwrkBJJwpzZS4HS2fxvyYUA4q2Xe4")] // invalid pubkey prefix 01
    [InlineData("xprv9s21ZrQH143K24Mfq5zL5MhWK9hUhhGbd45hLXo2Pq2oqzMMo63oStZzFAzHGBP2UuGCqWLTAPLcMtD9y5gkZ6Eq3Rjuahrv17fEQ3Qen6J")] // invalid prvkey prefix 01
    [InlineData("xprv9s2SPatNQ9Vc6GTbVMFPFo7jsaZySyzk7L8n2uqKXJen3KUmvQNTuLh3fhZMBoG3G4ZW1N2kZuHEPY53qmbZzCHshoQnNf4GvELZfqTUrcv")] // zero depth with non-zero parent fingerprint
    [InlineData("xpub661no6RGEX3uJkY4bNnPcw4URcQTrSibUZ4NqJEw5eBkv7ovTwgiT91XX27VbEXGENhYRCf7hyEbWrR3FewATdCEebj6znwMfQkhRYHRLpJ")] // zero depth with non-zero parent fingerprint
    [InlineData("xprv9s21ZrQH4r4TsiLvyLXqM9P7k1K3EYhA1kkD6xuquB5i39AU8KF42acDyL3qsDbU9NmZn6MsGSUYZEsuoePmjzsB3eFKSUEh3Gu1N3cqVUN")] // zero depth with non-zero index
    [InlineData("xpub661MyMwAuDcm6CRQ5N4qiHKrJ39Xe1R1NyfouMKTTWcguwVcfrZJaNvhpebzGerh7gucBvzEQWRugZDuDXjNDRmXzSZe4c7mnTK97pTvGS8")] // zero depth with non-zero index
    [InlineData("DMwo58pR1QLEFihHiXPVykYB6fJmsTeHvyTp7hRThAtCX8CvYzgPcn8XnmdfHGMQzT7ayAmfo4z3gY5KfbrZWZ6St24UVf2Qgo6oujFktLHdHY4")] // unknown extended key version
    [InlineData("DMwo58pR1QLEFihHiXPVykYB6fJmsTeHvyTp7hRThAtCX8CvYzgPcn8XnmdfHPmHJiEDXkTiJTVV9rHEBUem2mwVbbNfvT2MTcAqj3nesx8uBf9")] // unknown extended key version
    [InlineData("xprv9s21ZrQH143K24Mfq5zL5MhWK9hUhhGbd45hLXo2Pq2oqzMMo63oStZzF93Y5wvzdUayhgkkFoicQZcP3y52uPPxFnfoLZB21Teqt1VvEHx")] // private key 0 not in 1..n-1
    [InlineData("xprv9s21ZrQH143K24Mfq5zL5MhWK9hUhhGbd45hLXo2Pq2oqzMMo63oStZzFAzHGBP2UuGCqWLTAPLcMtD5SDKr24z3aiUvKr9bJpdrcLg1y3G")] // private key n not in 1..n-1
    [InlineData("xpub661MyMwAqRbcEYS8w7XLSVeEsBXy79zSzH1J8vCdxAZningWLdN3zgtU6Q5JXayek4PRsn35jii4veMimro1xefsM58PgBMrvdYre8QyULY")] // invalid pubkey 02000…07
    [InlineData("xprv9s21ZrQH143K3QTDL4LXw2F7HEK3wJUD2nW2nRk4stbPy6cq3jPPqjiChkVvvNKmPGJxWUtg6LnF5kejMRNNU3TGtRBeJgk33yuGBxrMPHL")] // invalid checksum
    [InlineData("not base58 0OIl")]
    public void Bad_serializations_are_refused(string text)
    {
        Assert.False(ExtKey.TryParse(text, out _, out _, out var e1));
        Assert.False(ExtPubKey.TryParse(text, out _, out _, out var e2));
        Assert.False(string.IsNullOrEmpty(e1));
        Assert.False(string.IsNullOrEmpty(e2));
    }

    [Fact]
    public void Rule_violations_in_the_78_bytes_are_refused()
    {
        using var master = ExtKey.FromSeed(Hex.Decode("000102030405060708090a0b0c0d0e0f"));
        Assert.True(Fulgur.Bitcoin.Addresses.Base58.TryDecodeCheck(master.ToString(Network.Bitcoin), out var raw, out _));

        string Tweak(Action<byte[]> change)
        {
            var copy = (byte[])raw.Clone();
            change(copy);
            return Fulgur.Bitcoin.Addresses.Base58.EncodeCheck(copy);
        }

        Assert.False(ExtKey.TryParse(Tweak(b => b[5] = 1), out _, out _, out var e));
        Assert.Contains("fingerprint", e, StringComparison.Ordinal);
        Assert.False(ExtKey.TryParse(Tweak(b => b[12] = 1), out _, out _, out e));
        Assert.Contains("child index", e, StringComparison.Ordinal);
        Assert.False(ExtKey.TryParse(Tweak(b => b[45] = 1), out _, out _, out e));
        Assert.Contains("0x00", e, StringComparison.Ordinal);
        Assert.False(ExtKey.TryParse(Tweak(b => b.AsSpan(46).Fill(0xff)), out _, out _, out e));
        Assert.Contains("range", e, StringComparison.Ordinal);
        Assert.False(ExtKey.TryParse(Tweak(b => b[0] = 0x12), out _, out _, out e));
        Assert.Contains("version", e, StringComparison.Ordinal);
        Assert.False(ExtKey.TryParse(Fulgur.Bitcoin.Addresses.Base58.EncodeCheck(raw.AsSpan(0, 77)), out _, out _, out e));
        Assert.Contains("77 bytes", e, StringComparison.Ordinal);
    }
}
