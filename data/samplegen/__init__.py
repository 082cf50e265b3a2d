"""Building blocks of ``data/make_sample_data.py`` (the bundled sample research project).

The sample is one fictional company, Slotwise: scheduling and client-management
software for service businesses, sold self-serve to small shops and by sales to
multi-site chains. Modules:

- ``textgen``: the template expander and the perturbations that make generated
  text read like people wrote it;
- ``phrases``: hand-written phrase pools per persona x stage x emotion x pain theme;
- ``model``: the questionnaire, the five planted personas and the latent class
  model that generates answers (and computes each respondent's posterior);
- ``people``: fake names, e-mails, IP addresses and coordinates;
- ``surveys``: Qualtrics, SurveyMonkey and Google Forms exports with planted
  quality problems and open answers;
- ``interviews``: the twelve transcripts in five real-world formats;
- ``accounts`` and ``content``: the top-accounts table and the content inventory;
- ``readme``: the sample's README, written from the same facts as the files.
"""
