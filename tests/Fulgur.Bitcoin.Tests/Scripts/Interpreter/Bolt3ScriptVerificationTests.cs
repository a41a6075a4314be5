using System.Text.RegularExpressions;
using Fulgur.Bitcoin.Blocks;
using Fulgur.Bitcoin.Scripts.Interpreter;
using Fulgur.Bitcoin.Sighash;
using Fulgur.Bitcoin.Transactions;
using Fulgur.Crypto;
using Fulgur.TestKit;
using Xunit.Abstractions;

namespace Fulgur.Bitcoin.Tests.Scripts.Interpreter;

/// <summary>
/// Runs Lightning's own scripts through the interpreter: BOLT 3's test chain (block 1's coinbase → the funding
/// transaction → every commitment transaction of Appendix C → every HTLC-success/timeout transaction spending it), each
/// input verified under bitcoind's standard flags. This covers P2PKH, the 2-of-2 funding P2WSH, and the offered and
/// received HTLC scripts with and without anchors (OP_IF, OP_NOTIF, OP_CHECKMULTISIG, OP_CHECKSEQUENCEVERIFY).
/// </summary>
public sealed partial class Bolt3ScriptVerificationTests(ITestOutputHelper output)
{
    [SkippableFact]
    public void Every_bolt3_transaction_verifies_against_what_it_spends()
    {
        var text = SharedData.ReadText("bolts/03-transactions.md");
        var outputs = new Dictionary<OutPoint, TxOut>();
        void Learn(Transaction tx)
        {
            for (var i = 0; i < tx.Outputs.Length; i++)
                outputs[new OutPoint(tx.TxId, (uint)i)] = tx.Outputs[i];
        }

        Assert.True(Block.TryParse(Hex.Decode(Line(text, "    Block 1: ")), out var block1, out var error), error);
        Learn(block1.Transactions[0]);

        var verified = 0;
        foreach (Match m in TransactionLine().Matches(text))
        {
            var tx = Transaction.ParseHex(m.Groups[2].Value);
            var cache = new SegwitV0SighashCache(tx);
            for (var i = 0; i < tx.Inputs.Length; i++)
            {
                Assert.True(outputs.TryGetValue(tx.Inputs[i].PrevOut, out var spent), $"{m.Groups[1].Value} spends an unknown output");
                var ok = ScriptVerifier.VerifyInput(tx, i, spent, ScriptVerifyFlagSets.Standard, out var scriptError, cache);
                Assert.True(ok, $"{m.Groups[1].Value} input {i}: {scriptError.Message()}");
                verified++;
            }
            Learn(tx);
        }
        output.WriteLine($"{verified} BOLT 3 inputs verified");
        // 1 funding input, 16 commitment transactions, 33 HTLC transactions.
        Assert.Equal(50, verified);
    }

    [SkippableFact]
    public void A_tampered_htlc_signature_fails_with_nullfail()
    {
        var text = SharedData.ReadText("bolts/03-transactions.md");
        var commit = Transaction.ParseHex(Line(text, "    output commit_tx: "));
        var funding = Transaction.ParseHex(Line(text, "    funding tx: "));
        var witness = commit.Inputs[0].Witness;
        var badSig = witness[1].ToArray();
        badSig[10] ^= 1;
        var tampered = commit.WithWitness(0, Witness.Create(witness[0].ToArray(), badSig, witness[2].ToArray(), witness[3].ToArray()));
        Assert.False(ScriptVerifier.VerifyInput(tampered, 0, funding.Outputs[0], ScriptVerifyFlagSets.Standard, out var error));
        Assert.True(error is ScriptError.SigNullFail or ScriptError.SigDer, error.CoreName());
        Assert.False(ScriptVerifier.VerifyInput(tampered, 0, funding.Outputs[0], ScriptVerifyFlagSets.Consensus, out error));
        Assert.Equal(ScriptError.EvalFalse, error);
    }

    private static string Line(string text, string prefix)
    {
        var start = text.IndexOf(prefix, StringComparison.Ordinal) + prefix.Length;
        return text[start..text.IndexOf('\n', start)].Trim();
    }

    [GeneratedRegex(@"^\s*(funding tx|output commit_tx|htlc_(?:success|timeout)_tx \(htlc #\d+\)): ([0-9a-f]+)\s*$", RegexOptions.Multiline)]
    private static partial Regex TransactionLine();
}
