using System.Text.Json;
using Fulgur.Bitcoin.Scripts;
using Fulgur.Bitcoin.Scripts.Interpreter;
using Fulgur.Bitcoin.Sighash;
using Fulgur.Bitcoin.Transactions;
using Fulgur.TestKit;
using Xunit.Abstractions;

namespace Fulgur.Bitcoin.Tests.Scripts.Interpreter;

/// <summary>
/// Bitcoin Core's tx_valid.json and tx_invalid.json with every input's scripts executed, as transaction_tests.cpp
/// does: valid transactions pass CheckTransaction and all inputs under all flags except the listed ones (and stay
/// valid when any further flag is removed); invalid ones fail CheckTransaction (BADTX) or some input under the listed
/// flags.
///
/// Out of scope, and counted as skipped: transactions spending a witness v1 (taproot) output while TAPROOT is on,
/// since Fulgur's interpreter validates legacy and segwit v0 scripts only.
/// </summary>
public sealed class CoreTransactionScriptTests(ITestOutputHelper output)
{
    private sealed record Vector(Dictionary<OutPoint, TxOut> Prevouts, Transaction Transaction, string Flags, string Raw);

    [SkippableFact]
    public void Tx_valid_entries_verify()
    {
        int passed = 0, skipped = 0;
        var failures = new List<string>();
        foreach (var v in Load("tx_valid.json"))
        {
            Assert.True(TransactionChecks.TryCheck(v.Transaction, out var checkError), $"{checkError}: {v.Raw}");
            var excluded = CoreScriptNotation.ParseFlags(v.Flags);
            var flags = Fill(CoreScriptNotation.AllFlags & ~excluded);
            var result = Run(v, flags);
            if (result == ScriptError.TaprootUnsupported)
            {
                skipped++;
                continue;
            }
            if (result != ScriptError.Ok)
            {
                failures.Add($"{result.CoreName()}: {v.Raw}");
                continue;
            }
            // transaction_tests.cpp: "Removing any flag(s) should not invalidate a valid transaction".
            foreach (var flag in Enum.GetValues<ScriptVerifyFlags>().Where(f => f != ScriptVerifyFlags.None))
            {
                var fewer = Trim(flags & ~flag);
                var again = Run(v, fewer);
                if (again != ScriptError.Ok && again != ScriptError.TaprootUnsupported)
                    failures.Add($"removing {flag} gave {again.CoreName()}: {v.Raw}");
            }
            // "Check that flags are maximal: transaction should fail if any unset flags are set."
            foreach (var flag in Enum.GetValues<ScriptVerifyFlags>().Where(f => f != ScriptVerifyFlags.None && (excluded & f) != 0))
            {
                if (Run(v, Fill(CoreScriptNotation.AllFlags & ~(excluded & ~flag))) == ScriptError.Ok)
                    failures.Add($"excluded flag {flag} is not needed: {v.Raw}");
            }
            passed++;
        }
        Report("tx_valid.json", passed, skipped, failures);
        Assert.True(passed >= 100, $"only {passed} ran");
    }

    [SkippableFact]
    public void Tx_invalid_entries_fail()
    {
        int passed = 0, skipped = 0;
        var failures = new List<string>();
        foreach (var v in Load("tx_invalid.json"))
        {
            if (v.Flags == "BADTX")
            {
                if (TransactionChecks.TryCheck(v.Transaction, out _))
                    failures.Add($"BADTX passed CheckTransaction: {v.Raw}");
                else
                    passed++;
                continue;
            }
            if (!TransactionChecks.TryCheck(v.Transaction, out var checkError))
            {
                failures.Add($"unexpected CheckTransaction failure {checkError}: {v.Raw}");
                continue;
            }
            var flags = Fill(CoreScriptNotation.ParseFlags(v.Flags));
            var result = Run(v, flags);
            if (result == ScriptError.TaprootUnsupported)
            {
                skipped++;
                continue;
            }
            if (result == ScriptError.Ok)
            {
                failures.Add($"verified but should fail: {v.Raw}");
                continue;
            }
            // "Check that flags are minimal: transaction should succeed if any set flags are unset."
            foreach (var flag in Enum.GetValues<ScriptVerifyFlags>().Where(f => f != ScriptVerifyFlags.None && (flags & f) != 0))
            {
                if (Run(v, Trim(flags & ~flag)) != ScriptError.Ok)
                    failures.Add($"flag {flag} is not the one that makes it fail: {v.Raw}");
            }
            passed++;
        }
        Report("tx_invalid.json", passed, skipped, failures);
        Assert.True(passed >= 80, $"only {passed} ran");
    }

    /// <summary>Runs every input; the first error, or Ok.</summary>
    private static ScriptError Run(Vector v, ScriptVerifyFlags flags)
    {
        var cache = new SegwitV0SighashCache(v.Transaction);
        for (var i = 0; i < v.Transaction.Inputs.Length; i++)
        {
            if (!v.Prevouts.TryGetValue(v.Transaction.Inputs[i].PrevOut, out var spent))
                return ScriptError.UnknownError;
            if (!ScriptVerifier.VerifyInput(v.Transaction, i, spent, flags, out var error, cache))
                return error;
        }
        return ScriptError.Ok;
    }

    /// <summary>Core's FillFlags: CLEANSTACK implies WITNESS, and WITNESS implies P2SH.</summary>
    private static ScriptVerifyFlags Fill(ScriptVerifyFlags flags)
    {
        if ((flags & ScriptVerifyFlags.CleanStack) != 0)
            flags |= ScriptVerifyFlags.Witness;
        if ((flags & ScriptVerifyFlags.Witness) != 0)
            flags |= ScriptVerifyFlags.P2Sh;
        return flags;
    }

    /// <summary>Core's TrimFlags: without P2SH there is no WITNESS, without WITNESS no CLEANSTACK.</summary>
    private static ScriptVerifyFlags Trim(ScriptVerifyFlags flags)
    {
        if ((flags & ScriptVerifyFlags.P2Sh) == 0)
            flags &= ~ScriptVerifyFlags.Witness;
        if ((flags & ScriptVerifyFlags.Witness) == 0)
            flags &= ~ScriptVerifyFlags.CleanStack;
        return flags;
    }

    private void Report(string file, int passed, int skipped, List<string> failures)
    {
        output.WriteLine($"{file}: {passed} passed, {skipped} out of scope (taproot), {failures.Count} failed");
        foreach (var failure in failures.Take(30))
            output.WriteLine(failure);
        Assert.True(failures.Count == 0, string.Join("\n", failures.Take(10)));
    }

    private static List<Vector> Load(string file)
    {
        using var json = JsonDocument.Parse(File.ReadAllText(SharedData.Require("vectors/bitcoin/" + file)));
        var result = new List<Vector>();
        foreach (var entry in json.RootElement.EnumerateArray())
        {
            if (entry.GetArrayLength() == 1 || entry[0].ValueKind != JsonValueKind.Array)
                continue;
            var prevouts = new Dictionary<OutPoint, TxOut>();
            foreach (var prevout in entry[0].EnumerateArray())
            {
                var index = prevout[1].GetInt64();
                var outPoint = new OutPoint(TxId.Parse(prevout[0].GetString()!), index == -1 ? uint.MaxValue : (uint)index);
                var amount = prevout.GetArrayLength() >= 4 ? new Satoshi(prevout[3].GetInt64()) : Satoshi.Zero;
                prevouts[outPoint] = new TxOut(amount, CoreScriptNotation.Parse(prevout[2].GetString()!));
            }
            result.Add(new Vector(prevouts, Transaction.ParseHex(entry[1].GetString()!), entry[2].GetString()!, entry.ToString()));
        }
        return result;
    }
}
