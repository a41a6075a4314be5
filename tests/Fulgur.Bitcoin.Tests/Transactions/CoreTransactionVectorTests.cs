using System.Text.Json;
using Fulgur.Bitcoin.Transactions;
using Fulgur.Crypto;
using Fulgur.TestKit;

namespace Fulgur.Bitcoin.Tests.Transactions;

/// <summary>
/// Bitcoin Core's tx_valid.json and tx_invalid.json (shared/vectors/bitcoin): every transaction in them parses and
/// re-serializes byte for byte. Script execution of these vectors is not part of this parser test.
/// </summary>
public sealed class CoreTransactionVectorTests
{
    public static TheoryData<string> Files => new() { "tx_valid.json", "tx_invalid.json" };

    [SkippableTheory]
    [MemberData(nameof(Files))]
    public void Every_vector_transaction_parses_and_reserializes_byte_exact(string file)
    {
        var entries = Load(file);
        Assert.NotEmpty(entries);
        foreach (var (hex, _) in entries)
        {
            var bytes = Hex.Decode(hex);
            Assert.True(Transaction.TryParse(bytes, out var tx, out var error), $"{file}: {hex}: {error}");
            Assert.Equal(hex, tx.ToHex());
        }
    }

    [SkippableFact]
    public void Segwit_vectors_have_witness_and_distinct_wtxid()
    {
        var segwit = Load("tx_valid.json").Select(e => Transaction.ParseHex(e.Hex)).Where(t => t.HasWitness).ToList();
        // shared/vectors/bitcoin/README.md: "In tx_valid, ... 28 txs use segwit serialization."
        Assert.Equal(28, segwit.Count);
        foreach (var tx in segwit)
        {
            Assert.NotEqual(tx.TxId, tx.WTxId);
            Assert.Equal(tx.TxId, tx.WithoutWitness().TxId);
            Assert.True(tx.Weight < 4L * tx.TotalSize);
            Assert.Equal((tx.Weight + 3) / 4, tx.VirtualSize);
        }
    }

    [SkippableFact]
    public void Badtx_entries_fail_the_context_free_checks()
    {
        var badtx = Load("tx_invalid.json").Where(e => e.Flags == "BADTX").ToList();
        // README: "tx_invalid has 9 BADTX entries".
        Assert.Equal(9, badtx.Count);
        foreach (var (hex, _) in badtx)
            Assert.False(TransactionChecks.TryCheck(Transaction.ParseHex(hex), out _), hex);
    }

    [SkippableFact]
    public void Valid_entries_pass_the_context_free_checks()
    {
        foreach (var (hex, _) in Load("tx_valid.json"))
            Assert.True(TransactionChecks.TryCheck(Transaction.ParseHex(hex), out var error), $"{hex}: {error}");
    }

    [SkippableFact]
    public void Truncations_of_every_vector_fail_with_an_error()
    {
        foreach (var (hex, _) in Load("tx_valid.json").Take(40))
        {
            var bytes = Hex.Decode(hex);
            for (var length = 0; length < bytes.Length; length++)
            {
                Assert.False(Transaction.TryParse(bytes.AsSpan(0, length), out _, out var error));
                Assert.False(string.IsNullOrEmpty(error));
            }
            Assert.False(Transaction.TryParse([.. bytes, 0], out _, out var trailing));
            Assert.Contains("trailing", trailing, StringComparison.Ordinal);
        }
    }

    internal static List<(string Hex, string Flags)> Load(string file)
    {
        using var json = JsonDocument.Parse(File.ReadAllText(SharedData.Require("vectors/bitcoin/" + file)));
        var result = new List<(string, string)>();
        foreach (var entry in json.RootElement.EnumerateArray())
        {
            if (entry.GetArrayLength() == 1 || entry[0].ValueKind != JsonValueKind.Array)
                continue;
            result.Add((entry[1].GetString()!, entry[2].GetString()!));
        }
        return result;
    }
}
