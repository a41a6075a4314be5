using Fulgur.Bitcoin.Scripts;
using Fulgur.Crypto;

namespace Fulgur.Bitcoin.Tests.Scripts;

public sealed class ScriptTests
{
    [Theory]
    // bitcoind's CScriptNum serialization: little-endian magnitude, sign in the top bit of the last byte.
    [InlineData(0, "")]
    [InlineData(1, "01")]
    [InlineData(-1, "81")]
    [InlineData(127, "7f")]
    [InlineData(128, "8000")]
    [InlineData(-128, "8080")]
    [InlineData(255, "ff00")]
    [InlineData(256, "0001")]
    [InlineData(-255, "ff80")]
    [InlineData(32767, "ff7f")]
    [InlineData(32768, "008000")]
    [InlineData(2147483647, "ffffff7f")]
    [InlineData(-2147483647, "ffffffff")]
    [InlineData(2147483648, "0000008000")]
    [InlineData(long.MaxValue, "ffffffffffffff7f")]
    [InlineData(long.MinValue + 1, "ffffffffffffffff")]
    public void Script_numbers_encode_minimally_and_decode_back(long value, string hex)
    {
        var encoded = ScriptNum.Encode(value);
        Assert.Equal(hex, Hex.Encode(encoded));
        Assert.True(ScriptNum.IsMinimal(encoded));
        Assert.True(ScriptNum.TryDecode(encoded, requireMinimal: true, 8, out var decoded, out _));
        Assert.Equal(value, decoded);
    }

    [Theory]
    [InlineData("00")]
    [InlineData("80")]
    [InlineData("0100")]
    [InlineData("7f80")]
    [InlineData("000000")]
    public void Non_minimal_numbers_are_refused_under_minimaldata(string hex)
    {
        var bytes = Hex.Decode(hex);
        Assert.False(ScriptNum.TryDecode(bytes, requireMinimal: true, 4, out _, out var error));
        Assert.Contains("minimal", error, StringComparison.Ordinal);
        Assert.True(ScriptNum.TryDecode(bytes, requireMinimal: false, 4, out _, out _));
    }

    [Fact]
    public void Numbers_longer_than_the_limit_are_refused()
    {
        Assert.False(ScriptNum.TryDecode([1, 2, 3, 4, 5], false, 4, out _, out _));
        Assert.True(ScriptNum.TryDecode([1, 2, 3, 4, 5], false, 5, out var value, out _));
        Assert.Equal(0x0504030201, value);
    }

    [Theory]
    [InlineData("", false)]
    [InlineData("00", false)]
    [InlineData("80", false)]
    [InlineData("0080", false)]
    [InlineData("01", true)]
    [InlineData("8000", true)]
    [InlineData("0001", true)]
    public void Truth_follows_cast_to_bool(string hex, bool expected) => Assert.Equal(expected, ScriptNum.IsTrue(Hex.Decode(hex)));

    [Theory]
    [InlineData(0, "00")]
    [InlineData(-1, "4f")]
    [InlineData(1, "51")]
    [InlineData(16, "60")]
    [InlineData(17, "0111")]
    [InlineData(-2, "0182")]
    [InlineData(1000, "02e803")]
    [InlineData(500000000, "040065cd1d")]
    public void Number_pushes_use_the_shortest_form(long number, string hex) =>
        Assert.Equal(hex, new ScriptBuilder().Push(number).ToScript().ToHex());

    [Theory]
    [InlineData(0, "00")]
    [InlineData(1, "01aa")]
    [InlineData(75, "4b")]
    [InlineData(76, "4c4c")]
    [InlineData(255, "4cff")]
    [InlineData(256, "4d0001")]
    [InlineData(65535, "4dffff")]
    [InlineData(65536, "4e00000100")]
    public void Data_pushes_choose_the_right_opcode(int length, string prefix)
    {
        var data = new byte[length];
        Array.Fill(data, (byte)0xaa);
        var script = new ScriptBuilder().Push(data).ToScript();
        Assert.StartsWith(prefix, script.ToHex(), StringComparison.Ordinal);
        Assert.Equal(length <= 1 ? prefix.Length / 2 : prefix.Length / 2 + length, script.Length);
        Assert.True(script.TryGetOps(out var ops, out _));
        var op = Assert.Single(ops);
        Assert.True(op.IsMinimalPush);
        Assert.Equal(data, op.Push.ToArray());
    }

    [Fact]
    public void Single_byte_pushes_of_small_numbers_become_opcodes()
    {
        Assert.Equal("55", new ScriptBuilder().Push([5]).ToScript().ToHex());
        Assert.Equal("4f", new ScriptBuilder().Push([0x81]).ToScript().ToHex());
        Assert.Equal("0105", new ScriptBuilder().PushRaw([5]).ToScript().ToHex());
        Assert.True(Script.FromHex("0105").TryGetOps(out var ops, out _));
        Assert.False(ops[0].IsMinimalPush);
        Assert.True(Script.FromHex("4c0101").TryGetOps(out ops, out _));
        Assert.False(ops[0].IsMinimalPush);
    }

    [Theory]
    [InlineData("76a914751e76e8199196d454941c45d1b3a323f1433bd688ac", "OP_DUP OP_HASH160 751e76e8199196d454941c45d1b3a323f1433bd6 OP_EQUALVERIFY OP_CHECKSIG")]
    [InlineData("0014751e76e8199196d454941c45d1b3a323f1433bd6", "0 751e76e8199196d454941c45d1b3a323f1433bd6")]
    [InlineData("5221aa21bb52ae", "2 [error]")]
    [InlineData("4f0051010201ff", "-1 0 1 2 -127")]
    [InlineData("6a04deadbeef", "OP_RETURN -1874767326")]
    [InlineData("b1b2ba", "OP_CHECKLOCKTIMEVERIFY OP_CHECKSEQUENCEVERIFY OP_CHECKSIGADD")]
    [InlineData("4d0100", "[error]")]
    public void Asm_matches_bitcoind(string hex, string asm) => Assert.Equal(asm, Script.FromHex(hex).ToAsm());

    [Theory]
    [InlineData("01")]
    [InlineData("4c")]
    [InlineData("4c02aa")]
    [InlineData("4d01")]
    [InlineData("4e01000000")]
    [InlineData("0014aa")]
    public void Truncated_pushes_fail_to_parse_with_an_error(string hex)
    {
        Assert.False(Script.FromHex(hex).TryGetOps(out var ops, out var error));
        Assert.Null(ops);
        Assert.Contains("push past the end", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Templates_are_recognised()
    {
        var key = PublicKey.Parse(Hex.Decode("0279be667ef9dcbbac55a06295ce870b07029bfcdb2dce28d959f2815b16f81798"));
        var p2wpkh = StandardScripts.P2Wpkh(key);
        Assert.True(p2wpkh.IsP2Wpkh);
        Assert.True(p2wpkh.TryGetWitnessProgram(out var version, out var program));
        Assert.Equal(0, version);
        Assert.Equal(Hash160.Hash(key.Compressed), program.ToArray());
        Assert.True(p2wpkh.TryGetKeyHash(out var keyHash));
        Assert.Equal(program.ToArray(), keyHash.ToArray());

        var witnessScript = StandardScripts.Multisig(2, [key, key]);
        Assert.Equal("5221" + key.ToHex() + "21" + key.ToHex() + "52ae", witnessScript.ToHex());
        var p2wsh = StandardScripts.P2Wsh(witnessScript);
        Assert.True(p2wsh.IsP2Wsh);
        Assert.False(p2wsh.IsP2Wpkh);
        Assert.Equal("0020" + Hex.Encode(Sha256.Hash(witnessScript.Bytes)), p2wsh.ToHex());

        var p2tr = StandardScripts.P2Tr(new byte[32]);
        Assert.True(p2tr.IsP2Tr);
        Assert.True(p2tr.TryGetWitnessProgram(out version, out _));
        Assert.Equal(1, version);

        Assert.True(StandardScripts.P2Pkh(key).IsP2Pkh);
        var p2sh = StandardScripts.P2Sh(witnessScript);
        Assert.True(p2sh.IsP2Sh);
        Assert.True(p2sh.TryGetScriptHash(out _));
        Assert.False(p2sh.IsWitnessProgram);

        var opReturn = StandardScripts.OpReturn("hello"u8);
        Assert.True(opReturn.IsOpReturn);
        Assert.True(opReturn.IsUnspendable);
        Assert.False(p2wsh.IsUnspendable);
    }

    [Theory]
    [InlineData("0001aa")] // program too short (1 byte)
    [InlineData("6102aabb")] // OP_NOP is not a version
    [InlineData("0015" + "0000000000000000000000000000000000000000")] // declared length 21, 20 present
    [InlineData("00")]
    public void Non_programs_are_not_witness_programs(string hex) => Assert.False(Script.FromHex(hex).IsWitnessProgram);

    [Fact]
    public void Push_only_detection()
    {
        Assert.True(Script.FromHex("004f5160020102").IsPushOnly());
        Assert.False(Script.FromHex("0061").IsPushOnly());
        Assert.False(Script.FromHex("4c").IsPushOnly());
    }

    [Fact]
    public void Opcode_names_round_trip()
    {
        for (var i = 0x61; i <= 0xba; i++)
        {
            var name = OpcodeNames.GetName((Opcode)i);
            Assert.True(OpcodeNames.TryParse(name, out var parsed), name);
            Assert.Equal((Opcode)i, parsed);
        }
        Assert.True(OpcodeNames.TryParse("NOP2", out var nop2));
        Assert.Equal(Opcode.CheckLockTimeVerify, nop2);
    }

    [Fact]
    public void Scripts_compare_by_value()
    {
        Assert.Equal(Script.FromHex("51"), new ScriptBuilder().Op(Opcode.Op1).ToScript());
        Assert.NotEqual(Script.FromHex("51"), Script.FromHex("52"));
        Assert.True(Script.FromHex("") == Script.Empty);
    }
}
