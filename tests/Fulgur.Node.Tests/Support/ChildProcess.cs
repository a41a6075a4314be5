using System.Diagnostics;
using System.Threading.Channels;

namespace Fulgur.Node.Tests.Support;

/// <summary>The outcome of a process run to completion.</summary>
public sealed record ProcessResult(int ExitCode, string Stdout, string Stderr);

/// <summary>
/// A child process whose stderr lines can be awaited (the daemon's ready line) and that is killed on dispose, so a
/// failing test never leaves a daemon behind. All waits have timeouts; nothing sleeps.
/// </summary>
public sealed class ChildProcess : IDisposable
{
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(60);

    private readonly Process _process;
    private readonly Channel<string> _stderrLines = Channel.CreateUnbounded<string>();
    private readonly List<string> _allStderr = [];
    private readonly System.Text.StringBuilder _stdout = new();
    private readonly TaskCompletionSource _stdoutDone = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _stderrDone = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private ChildProcess(Process process) => _process = process;

    public int Id => _process.Id;

    public bool HasExited => _process.HasExited;

    /// <summary>Every stderr line so far.</summary>
    public string Stderr
    {
        get { lock (_allStderr) return string.Join('\n', _allStderr); }
    }

    public string Stdout
    {
        get { lock (_stdout) return _stdout.ToString(); }
    }

    public static ChildProcess Start(string path, IEnumerable<string> args, string? home = null)
    {
        var info = new ProcessStartInfo(path)
        {
            RedirectStandardError = true,
            RedirectStandardOutput = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        foreach (var a in args)
            info.ArgumentList.Add(a);
        if (home is not null)
            info.Environment["HOME"] = home;
        var process = new Process { StartInfo = info, EnableRaisingEvents = true };
        var child = new ChildProcess(process);
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is null)
            {
                child._stderrLines.Writer.TryComplete();
                child._stderrDone.TrySetResult();
                return;
            }
            lock (child._allStderr)
                child._allStderr.Add(e.Data);
            child._stderrLines.Writer.TryWrite(e.Data);
        };
        process.OutputDataReceived += (_, e) =>
        {
            if (e.Data is null)
            {
                child._stdoutDone.TrySetResult();
                return;
            }
            lock (child._stdout)
                child._stdout.Append(e.Data).Append('\n');
        };
        process.Start();
        process.BeginErrorReadLine();
        process.BeginOutputReadLine();
        return child;
    }

    /// <summary>Waits for a stderr line matching <paramref name="match"/>; fails with everything seen if the process ends first or time runs out.</summary>
    public async Task<string> WaitForStderrLineAsync(Func<string, bool> match, TimeSpan? timeout = null)
    {
        using var cts = new CancellationTokenSource(timeout ?? DefaultTimeout);
        try
        {
            await foreach (var line in _stderrLines.Reader.ReadAllAsync(cts.Token))
            {
                if (match(line))
                    return line;
            }
        }
        catch (OperationCanceledException)
        {
            throw new TimeoutException($"no matching stderr line within the timeout; stderr so far:\n{Stderr}");
        }
        throw new InvalidOperationException($"process exited before the expected stderr line; stderr:\n{Stderr}");
    }

    public async Task<int> WaitForExitAsync(TimeSpan? timeout = null)
    {
        using var cts = new CancellationTokenSource(timeout ?? DefaultTimeout);
        try
        {
            await _process.WaitForExitAsync(cts.Token);
            await Task.WhenAll(_stdoutDone.Task, _stderrDone.Task).WaitAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            throw new TimeoutException($"process {_process.Id} did not exit in time; stderr:\n{Stderr}");
        }
        return _process.ExitCode;
    }

    public void Signal(int signal)
    {
        if (kill(_process.Id, signal) != 0)
            throw new InvalidOperationException($"kill({_process.Id}, {signal}) failed");
    }

    public const int SigTerm = 15;
    public const int SigKill = 9;

    [System.Runtime.InteropServices.DllImport("libc", SetLastError = true)]
#pragma warning disable SYSLIB1054, CA5392 // A one-line libc binding for tests.
    private static extern int kill(int pid, int sig);
#pragma warning restore SYSLIB1054, CA5392

    public static async Task<ProcessResult> RunAsync(string path, IEnumerable<string> args, TimeSpan? timeout = null, string? home = null)
    {
        using var child = Start(path, args, home);
        child._process.StandardInput.Close();
        var code = await child.WaitForExitAsync(timeout);
        return new ProcessResult(code, child.Stdout, child.Stderr);
    }

    public void Dispose()
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
                _process.WaitForExit(10_000);
            }
        }
        catch (InvalidOperationException)
        {
        }
        _process.Dispose();
    }
}
