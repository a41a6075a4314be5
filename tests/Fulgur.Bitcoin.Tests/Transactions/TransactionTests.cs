using Fulgur.Bitcoin.Scripts;
using Fulgur.Bitcoin.Transactions;
using Fulgur.Crypto;

namespace Fulgur.Bitcoin.Tests.Transactions;

public sealed class TransactionTests
{
    // BIP143's native P2WPKH example, signed (shared/vectors/bitcoin/bip143-vectors.md section 1), embedded here only
    // as a convenient known segwit transaction; its ids are computed, not quoted.
    private const string SignedSegwit =
        "01000000000102fff7f7881a8099afa6940d42d1e7f6362bec38171ea3edf433541db4e4ad969f00000000494830450221008b9d1dc26ba6a9cb62127b02742fa9d754cd3bebf337f7a55d114c8e5cdd30be022040529b194ba3f9281a99f2b1c0a19c0489bc22ede944ccf4ecbab4cc618ef3ed01eeffffffef51e1b804cc89d182d279655c3aa89e815b1b309fe287d9b2b55d57b90ec68a0100000000ffffffff02202cb206000000001976a9148280b37df378db99f66f85c95a783a76ac7a6d5988ac9093510d000000001976a9143bde42dbee7e4dbe6a21b2d50ce2f0167faa815988ac000247304402203609e17b84f6a7d30c80bfa610b5b4542f32a8a0d5447a12fb1366d7f01cc44a0220573a954c4518331561406f90300e8f3358f51928d43c212a8caed02de67eebee0121025476c2e83188368da1ff3e292e7acafcdb3566bb0ad253f62fc70f07aeee635711000000";

    [Fact]
    public void Genesis_coinbase_txid_displays_reversed()
    {
        var coinbase = Network.Bitcoin.GenesisBlock.Transactions[0];
        Assert.Equal("4a5e1e4baab89f3a32518a88c31bc87f618f76673e2cc77ab2127b7afdeda33b", coinbase.TxId.ToString());
        Assert.Equal("3ba3edfd7a7b12b27ac72c3e67768f617fc81bc3888a51323a9fb8aa4b1e5e4a", Hex.Encode(coinbase.TxId.ToBytes()));
        Assert.Equal(coinbase.TxId, TxId.Parse(coinbase.TxId.ToString()));
        Assert.True(coinbase.IsCoinbase);
        Assert.Equal(coinbase.TxId, coinbase.WTxId);
        Assert.Equal(coinbase.TotalSize * 4, coinbase.Weight);
    }

    [Fact]
    public void Segwit_sizes_follow_bip141()
    {
        var tx = Transaction.ParseHex(SignedSegwit);
        Assert.True(tx.HasWitness);
        Assert.Equal(SignedSegwit.Length / 2, tx.TotalSize);
        var witnessBytes = 2 + tx.Inputs[0].Witness.SerializedLength + tx.Inputs[1].Witness.SerializedLength;
        Assert.Equal(tx.TotalSize - witnessBytes, tx.BaseSize);
        Assert.Equal(3L * tx.BaseSize + tx.TotalSize, tx.Weight);
        Assert.Equal((tx.Weight + 3) / 4, tx.VirtualSize);
        Assert.NotEqual(tx.TxId, tx.WTxId);
        Assert.Equal(Hex.Encode(Sha256.DoubleHash(tx.ToBytes(includeWitness: false)).Reverse().ToArray()), tx.TxId.ToString());
        Assert.Equal(Hex.Encode(Sha256.DoubleHash(tx.ToBytes()).Reverse().ToArray()), tx.WTxId.ToString());
    }

    [Fact]
    public void Builder_and_with_methods_construct_transactions()
    {
        var prev = TxId.Parse("4a5e1e4baab89f3a32518a88c31bc87f618f76673e2cc77ab2127b7afdeda33b");
        var tx = new TransactionBuilder { LockTime = 101 }
            .AddInput(new OutPoint(prev, 0), 0xfffffffd)
            .AddOutput(new Satoshi(1000), StandardScripts.P2WpkhFromHash(new byte[20]))
            .ToTransaction();
        Assert.Equal(2u, tx.Version);
        Assert.Equal(101u, tx.LockTime);
        Assert.False(tx.HasWitness);
        var signed = tx.WithWitness(0, Witness.Create([1, 2], [3]));
        Assert.True(signed.HasWitness);
        Assert.Equal(tx.TxId, signed.TxId);
        Assert.NotEqual(tx, signed);
        Assert.Equal(tx, signed.WithoutWitness());
        Assert.False(tx.HasWitness); // the original is unchanged
        var rebuilt = new TransactionBuilder(signed).SetWitness(0, Witness.Empty).ToTransaction();
        Assert.Equal(tx, rebuilt);
        Assert.Equal("4a5e1e4baab89f3a32518a88c31bc87f618f76673e2cc77ab2127b7afdeda33b:0", tx.Inputs[0].PrevOut.ToString());
        Assert.True(OutPoint.TryParse(tx.Inputs[0].PrevOut.ToString(), out var outPoint));
        Assert.Equal(tx.Inputs[0].PrevOut, outPoint);
        Assert.Equal(new Satoshi(1000), tx.TotalOutput);
    }

    [Theory]
    // version | 00 (no inputs) | 02 (flag 2): unknown optional data.
    [InlineData("0200000000020000000000", "unknown transaction optional data")]
    // A segwit marker with every witness empty: bitcoind's "Superfluous witness record".
    [InlineData("020000000001" + "01" + "0000000000000000000000000000000000000000000000000000000000000000" + "00000000" + "00" + "ffffffff" + "00" + "00" + "00000000", "superfluous witness")]
    // Non-canonical CompactSize for the input count.
    [InlineData("02000000fd0100", "non-canonical")]
    [InlineData("02000000ff0100000000000000", "non-canonical")]
    [InlineData("02000000ff0000000000000001", "exceeds")]
    // An input count that cannot fit in the bytes left.
    [InlineData("02000000fdff00", "cannot fit")]
    [InlineData("0200", "truncated")]
    public void Malformed_transactions_are_refused_with_a_reason(string hex, string reason)
    {
        Assert.False(Transaction.TryParse(Hex.Decode(hex), out var tx, out var error));
        Assert.Null(tx);
        Assert.Contains(reason, error, StringComparison.Ordinal);
    }

    [Fact]
    public void Zero_input_zero_output_legacy_form_parses_as_bitcoind_does()
    {
        // version | 00 inputs | 00 read as the (empty) flag byte: no inputs, no outputs, then locktime.
        Assert.True(Transaction.TryParse(Hex.Decode("020000000000" + "00000000"), out var tx, out _));
        Assert.Empty(tx.Inputs);
        Assert.Empty(tx.Outputs);
        Assert.False(TransactionChecks.TryCheck(tx, out var error));
        Assert.Equal("bad-txns-vin-empty", error);
    }

    [Fact]
    public void Context_free_checks_catch_bad_values_and_duplicates()
    {
        var input = new TxIn(new OutPoint(TxId.Parse(new string('1', 64)), 0));
        var output = new TxOut(new Satoshi(1), Script.Empty);
        Transaction Make(TxIn[] inputs, TxOut[] outputs) => new(2, inputs, outputs, 0);

        Assert.True(TransactionChecks.TryCheck(Make([input], [output]), out _));
        Assert.False(TransactionChecks.TryCheck(Make([input], [output with { Value = new Satoshi(-1) }]), out var e));
        Assert.Equal("bad-txns-vout-negative", e);
        Assert.False(TransactionChecks.TryCheck(Make([input], [output with { Value = Satoshi.MaxMoney + new Satoshi(1) }]), out e));
        Assert.Equal("bad-txns-vout-toolarge", e);
        Assert.False(TransactionChecks.TryCheck(Make([input], [output with { Value = Satoshi.MaxMoney }, output]), out e));
        Assert.Equal("bad-txns-txouttotal-toolarge", e);
        Assert.False(TransactionChecks.TryCheck(Make([input, input], [output]), out e));
        Assert.Equal("bad-txns-inputs-duplicate", e);
        Assert.False(TransactionChecks.TryCheck(Make([input], []), out e));
        Assert.Equal("bad-txns-vout-empty", e);
        Assert.False(TransactionChecks.TryCheck(Make([input, new TxIn(OutPoint.Null)], [output]), out e));
        Assert.Equal("bad-txns-prevout-null", e);
        Assert.False(TransactionChecks.TryCheck(Make([new TxIn(OutPoint.Null, Script.FromHex("51"), 0, Witness.Empty)], [output]), out e));
        Assert.Equal("bad-cb-length", e);
    }
}
