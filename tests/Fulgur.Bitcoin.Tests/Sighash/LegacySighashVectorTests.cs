using System.Globalization;
using System.Text.Json;
using Fulgur.Bitcoin.Scripts;
using Fulgur.Bitcoin.Sighash;
using Fulgur.Bitcoin.Transactions;
using Fulgur.Crypto;
using Fulgur.TestKit;

namespace Fulgur.Bitcoin.Tests.Sighash;

/// <summary>Bitcoin Core's sighash.json: the original (legacy) SignatureHash over 500 random transactions and scripts.</summary>
public sealed class LegacySighashVectorTests
{
    [SkippableFact]
    public void All_sighash_json_vectors_match()
    {
        using var json = JsonDocument.Parse(File.ReadAllText(SharedData.Require("vectors/bitcoin/sighash.json")));
        var count = 0;
        foreach (var entry in json.RootElement.EnumerateArray())
        {
            if (entry.GetArrayLength() == 1)
                continue;
            var tx = Transaction.ParseHex(entry[0].GetString()!);
            var script = Script.FromHex(entry[1].GetString()!);
            var index = entry[2].GetInt32();
            // README: "hashType is a signed 32-bit integer ... Use the full 32 bits in the preimage".
            var hashType = new SigHashType(unchecked((uint)entry[3].GetInt32()));
            var expected = entry[4].GetString()!;

            var sighash = SignatureHash.ComputeLegacy(tx, index, script, hashType);
            // sighash.json prints uint256::GetHex(), the reversed byte order.
            Array.Reverse(sighash);
            Assert.True(expected == Hex.Encode(sighash), $"vector {count}: {entry}");
            count++;
        }
        Assert.Equal(500, count);
    }

    [Fact]
    public void Single_without_matching_output_gives_one()
    {
        var tx = new TransactionBuilder()
            .AddInput(new OutPoint(TxId.Zero, 0))
            .AddInput(new OutPoint(TxId.Zero, 1))
            .AddOutput(new Satoshi(1), Script.Empty)
            .ToTransaction();
        var sighash = SignatureHash.ComputeLegacy(tx, 1, Script.Empty, SigHashType.Single);
        Assert.Equal("01" + new string('0', 62), Hex.Encode(sighash));
        Assert.Equal(sighash, SignatureHash.ComputeLegacy(tx, 5, Script.Empty, SigHashType.All));
    }

    [Theory]
    [InlineData(1u, "ALL")]
    [InlineData(0x83u, "SINGLE|ANYONECANPAY")]
    [InlineData(0x04u, "0x4")]
    public void Hash_type_names(uint value, string name)
    {
        Assert.Equal(name, new SigHashType(value).ToString());
        Assert.Equal(value is 1 or 0x83, new SigHashType(value).IsDefined);
        _ = value.ToString(CultureInfo.InvariantCulture);
    }
}
